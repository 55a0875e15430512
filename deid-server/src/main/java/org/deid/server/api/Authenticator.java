package org.deid.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.TooManyRequestsResponse;
import io.javalin.http.UnauthorizedResponse;
import java.time.Clock;
import java.util.Optional;
import org.deid.server.auth.ApiKeyRepository;
import org.deid.server.auth.ApiKeys;
import org.deid.server.auth.Principal;
import org.deid.server.auth.RateLimiter;

/**
 * Runs before every {@code /v1/} route: resolves the {@code Authorization: Bearer KEY} header to a
 * principal (401 if missing, unknown, revoked or expired) and applies the caller's rate limit
 * (429).
 */
final class Authenticator implements Handler {
  private final ApiKeyRepository keys;
  private final RateLimiter limiter;
  private final Clock clock;

  Authenticator(ApiKeyRepository keys, RateLimiter limiter, Clock clock) {
    this.keys = keys;
    this.limiter = limiter;
    this.clock = clock;
  }

  @Override
  public void handle(Context ctx) {
    String header = Optional.ofNullable(ctx.header("Authorization")).orElse("");
    if (!header.startsWith("Bearer ") || header.length() <= 7) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new UnauthorizedResponse("an API key is required (Authorization: Bearer KEY)");
    }
    ApiKeyRepository.KeyLookup lookup =
        keys.lookup(ApiKeys.hash(header.substring(7).strip()), clock.instant());
    if (lookup.status() == ApiKeyRepository.KeyStatus.EXPIRED) {
      throw new UnauthorizedResponse(
          "the API key has expired; ask the administrator for a new one");
    }
    Principal principal =
        lookup.principal().orElseThrow(() -> new UnauthorizedResponse("the API key is not valid"));
    ctx.attribute(Requests.PRINCIPAL, principal);
    if (!limiter.tryAcquire(principal.clientId().orElse("admin"))) {
      ctx.header("Retry-After", "1");
      throw new TooManyRequestsResponse("rate limit exceeded; slow down");
    }
  }
}
