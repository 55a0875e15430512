package org.deid.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Registers routes on Javalin and remembers them, so a test can check that every route is in the
 * OpenAPI document. Paths use Javalin syntax: {@code {id}} for a segment, {@code <key>} for a
 * parameter that may contain slashes.
 */
public final class RouteTable {
  private final RoutesConfig routes;
  private final List<Route> registered = new ArrayList<>();

  RouteTable(RoutesConfig routes) {
    this.routes = routes;
  }

  void get(String path, Handler handler) {
    registered.add(new Route("GET", path));
    routes.get(path, handler);
  }

  void post(String path, Handler handler) {
    registered.add(new Route("POST", path));
    routes.post(path, handler);
  }

  void put(String path, Handler handler) {
    registered.add(new Route("PUT", path));
    routes.put(path, handler);
  }

  void delete(String path, Handler handler) {
    registered.add(new Route("DELETE", path));
    routes.delete(path, handler);
  }

  void head(String path, Handler handler) {
    registered.add(new Route("HEAD", path));
    routes.head(path, handler);
  }

  List<Route> registered() {
    return List.copyOf(registered);
  }

  /**
   * One registered route.
   *
   * @param method the HTTP method, upper case
   * @param path the Javalin path
   */
  public record Route(String method, String path) {
    /**
     * Returns the path in OpenAPI syntax ({@code <key>} becomes {@code {key}}).
     *
     * @return the OpenAPI path
     */
    public String openApiPath() {
      return path.replace('<', '{').replace('>', '}');
    }

    /**
     * Returns the method as OpenAPI spells it.
     *
     * @return the lower-case method
     */
    public String openApiMethod() {
      return method.toLowerCase(Locale.ROOT);
    }
  }
}
