package org.deid.server.api;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;

/** Parses JSON request bodies without echoing them in errors. */
final class AdminBodies {
  private AdminBodies() {}

  static <T> T body(Context ctx, Class<T> type) {
    try {
      T value = ctx.bodyAsClass(type);
      if (value == null) {
        throw new BadRequestResponse("a JSON body is required");
      }
      return value;
    } catch (io.javalin.http.HttpResponseException e) {
      throw e;
    } catch (Exception e) {
      // Jackson's parse errors arrive unchecked through Javalin; the message could echo the body
      throw new BadRequestResponse("the body is not valid JSON for this request");
    }
  }
}
