import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.rest.RESTCatalogAdapter;
import org.apache.iceberg.rest.RESTCatalogServlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * The embedded loop's Iceberg REST catalog: Apache Iceberg's RESTCatalogServlet over the
 * catalog that CATALOG_* variables describe (same translation as Iceberg's REST fixture:
 * CATALOG_IO__IMPL becomes io-impl, CATALOG_S3_ENDPOINT becomes s3.endpoint), bound to
 * 127.0.0.1 on a port the kernel chooses. Prints {"port": N} on its first stdout line, like
 * the emulator launcher, and exits when its stdin closes, so it never outlives its parent;
 * with --detached (for `pipeline up`) it runs until it is signalled instead.
 */
public final class LoopbackCatalog {
  private LoopbackCatalog() {}

  static Map<String, String> catalogProperties(Map<String, String> env) {
    Map<String, String> props = new HashMap<>();
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (e.getKey().startsWith("CATALOG_")) {
        String key = e.getKey().substring("CATALOG_".length());
        props.put(key.replace("__", "-").replace('_', '.').toLowerCase(Locale.ROOT), e.getValue());
      }
    }
    props.putIfAbsent("catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog");
    props.putIfAbsent("jdbc.schema-version", "V1");
    return props;
  }

  public static void main(String[] args) throws Exception {
    Catalog catalog =
        CatalogUtil.buildIcebergCatalog("embedded", catalogProperties(System.getenv()), null);
    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    context.addServlet(new ServletHolder(new RESTCatalogServlet(new RESTCatalogAdapter(catalog))), "/*");
    Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
    server.setHandler(context);
    server.start();
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    System.out.println("{\"port\": " + port + ", \"pid\": " + ProcessHandle.current().pid() + "}");
    System.out.flush();
    if (Arrays.asList(args).contains("--detached")) {
      server.join();
      return;
    }
    try {
      while (System.in.read() != -1) {
        // the parent holds our stdin open for as long as it wants the catalog
      }
    } catch (IOException closed) {
      // the same: the parent is gone
    }
    server.stop();
    System.exit(0);
  }
}
