package org.deid.server.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.NotFoundResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.deid.server.auth.Principal;

/**
 * Helpers every resource uses to find out who is calling, to read its JSON bodies and its {@code
 * limit}, and to answer a page of a list.
 */
final class Requests {
  static final String PRINCIPAL = "deid.principal";
  private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

  private Requests() {}

  /**
   * Reads the {@code limit} query parameter of a list.
   *
   * @param ctx the request
   * @param defaultLimit the limit when none is given
   * @param max the largest accepted
   * @return the limit
   * @throws BadRequestResponse if it is out of range
   */
  static int limit(Context ctx, int defaultLimit, int max) {
    int limit = ctx.queryParamAsClass("limit", Integer.class).getOrDefault(defaultLimit);
    if (limit < 1 || limit > max) {
      throw new BadRequestResponse("'limit' must be between 1 and " + max);
    }
    return limit;
  }

  /**
   * Answers one page of a list fetched with one item more than the limit: the extra item only tells
   * that another page follows, and then {@code next} is the cursor of the page's last item.
   *
   * @param field the list's name in the body ("jobs")
   * @param fetched up to {@code limit + 1} items, in list order
   * @param limit the page size asked for
   * @param views turns the page's items into their JSON views
   * @param cursor the cursor that continues after an item
   * @param <T> an item
   * @return the body
   */
  static <T> Map<String, Object> page(
      String field,
      List<T> fetched,
      int limit,
      Function<List<T>, List<?>> views,
      Function<T, String> cursor) {
    boolean more = fetched.size() > limit;
    List<T> page = more ? fetched.subList(0, limit) : fetched;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(field, views.apply(page));
    if (more) {
      body.put("next", cursor.apply(page.get(page.size() - 1)));
    }
    return body;
  }

  /**
   * Reads a JSON body. A body that does not fit answers 400 naming the field (or the line and
   * column of a syntax error), never a value: Jackson's own messages may quote the body.
   *
   * @param ctx the request
   * @param type the body's type
   * @param what what the body is, for messages ("a JSON job request")
   * @return the body
   * @throws BadRequestResponse if it is absent or does not fit
   */
  static <T> T jsonBody(Context ctx, Class<T> type, String what) {
    T value;
    try {
      value = ctx.bodyAsClass(type);
    } catch (HttpResponseException e) {
      throw e;
    } catch (Exception e) {
      // Jackson's checked exceptions arrive undeclared through Javalin; their messages quote input
      throw new BadRequestResponse(describe(e, what));
    }
    if (value == null) {
      throw new BadRequestResponse("the body must be " + what);
    }
    return value;
  }

  private static String describe(Throwable error, String what) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof JsonParseException parse && parse.getLocation() != null) {
        return "the body is not valid JSON (line "
            + parse.getLocation().getLineNr()
            + ", column "
            + parse.getLocation().getColumnNr()
            + ")";
      }
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof UnrecognizedPropertyException unknown) {
        String name = unknown.getPropertyName();
        return FIELD_NAME.matcher(name == null ? "" : name).matches()
            ? "unknown field '" + name + "' in " + what
            : "an unknown field in " + what;
      }
      if (t instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
        return "'" + path(mapping.getPath()) + "' has the wrong type in " + what;
      }
    }
    return "the body must be " + what;
  }

  /** The field path as the API documents it ({@code inputs[0]}); names come from the type. */
  private static String path(List<JsonMappingException.Reference> references) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : references) {
      if (reference.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /** The authenticated principal (the authenticator has already rejected anonymous calls). */
  static Principal principal(Context ctx) {
    Principal principal = ctx.attribute(PRINCIPAL);
    if (principal == null) {
      throw new IllegalStateException("route reached without authentication");
    }
    return principal;
  }

  /** The calling client's id; an admin key has no files or jobs. */
  static String clientId(Context ctx) {
    return principal(ctx)
        .clientId()
        .orElseThrow(() -> new ForbiddenResponse("admin keys cannot use client endpoints"));
  }

  /** Checks that the caller is the administrator; other callers see nothing here. */
  static void requireAdmin(Context ctx) {
    if (!principal(ctx).isAdmin()) {
      throw new NotFoundResponse("not found");
    }
  }

  /**
   * Wraps an administrator's handler: anyone else gets 404, as if the route did not exist.
   *
   * @param handler the handler
   * @return the guarded handler
   */
  static Handler adminOnly(Handler handler) {
    return ctx -> {
      requireAdmin(ctx);
      handler.handle(ctx);
    };
  }
}
