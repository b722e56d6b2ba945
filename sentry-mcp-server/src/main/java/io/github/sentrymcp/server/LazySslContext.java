package io.github.sentrymcp.server;

import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The JDK's default {@link SSLContext}, created on first use. Building an {@code HttpClient} initializes the default
 * TLS context (providers, the trust store) even when only {@code http://} is ever used, as with a local self-hosted
 * Sentry, the benchmark's fake or {@code --sandbox}; with this context that cost is paid only by the first HTTPS
 * connection (or by a background {@link #prepare()}). Certificate and host name checks are the default context's.
 */
final class LazySslContext extends SSLContext {

  LazySslContext() {
    super(new LazySpi(), new Provider("SentryMcpLazyTls", "1.0", "the default TLS context, created on first use") {
      private static final long serialVersionUID = 1L;
    }, "Default");
  }

  /** Creates the default context now; idempotent. */
  static void prepare() {
    LazySpi.delegate();
  }

  private static final class LazySpi extends SSLContextSpi {
    private static volatile @Nullable SSLContext delegate;

    static SSLContext delegate() {
      SSLContext d = delegate;
      if (d == null) {
        synchronized (LazySpi.class) {
          d = delegate;
          if (d == null) {
            try {
              d = SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("no default TLS context", e);
            }
            delegate = d;
          }
        }
      }
      return d;
    }

    @Override
    protected void engineInit(
        KeyManager @Nullable [] km, TrustManager @Nullable [] tm, @Nullable SecureRandom sr)
        throws KeyManagementException {
      throw new KeyManagementException("the default TLS context is already initialized");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return delegate().getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return delegate().getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return delegate().createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return delegate().createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return delegate().getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return delegate().getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return delegate().getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return delegate().getSupportedSSLParameters();
    }
  }
}
