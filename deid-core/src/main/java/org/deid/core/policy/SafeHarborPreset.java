package org.deid.core.policy;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code safe-harbor} preset: a default action per role that satisfies 164.514(b)(2), and the
 * actions at least as strict as each default. Immutable and thread-safe.
 *
 * <p>Strictness: {@code drop} and {@code redact} (a constant) release nothing and are at least as
 * strict as anything. Keyed hashes and pseudonyms are derived from the identifier, so Safe Harbor
 * does not accept them in place of {@code drop} (164.514(c)). {@code birth_year} also passes for
 * {@code date}, {@code age} also for {@code birth_date}. Every action is at least as strict as
 * {@code keep}.
 */
public final class SafeHarborPreset {
  /** The policy identifier of this preset. */
  public static final String ID = "safe-harbor";

  private static final Map<Role, Action> DEFAULTS = new EnumMap<>(Role.class);
  private static final Map<Action, Set<Action>> AT_LEAST_AS_STRICT = new EnumMap<>(Action.class);

  static {
    for (Role role : Role.values()) {
      DEFAULTS.put(role, Action.DROP);
    }
    DEFAULTS.put(Role.SEX, Action.KEEP);
    DEFAULTS.put(Role.STATE, Action.KEEP);
    DEFAULTS.put(Role.POSTAL_CODE, Action.ZIP3);
    DEFAULTS.put(Role.BIRTH_DATE, Action.BIRTH_YEAR);
    DEFAULTS.put(Role.DATE, Action.DATE_TO_YEAR);
    DEFAULTS.put(Role.AGE, Action.AGE_CAP);

    AT_LEAST_AS_STRICT.put(Action.KEEP, EnumSet.allOf(Action.class));
    AT_LEAST_AS_STRICT.put(Action.DROP, EnumSet.of(Action.DROP, Action.REDACT));
    AT_LEAST_AS_STRICT.put(Action.ZIP3, EnumSet.of(Action.ZIP3, Action.DROP, Action.REDACT));
    AT_LEAST_AS_STRICT.put(
        Action.BIRTH_YEAR, EnumSet.of(Action.BIRTH_YEAR, Action.AGE, Action.DROP, Action.REDACT));
    AT_LEAST_AS_STRICT.put(
        Action.DATE_TO_YEAR,
        EnumSet.of(Action.DATE_TO_YEAR, Action.BIRTH_YEAR, Action.DROP, Action.REDACT));
    AT_LEAST_AS_STRICT.put(Action.AGE_CAP, EnumSet.of(Action.AGE_CAP, Action.DROP, Action.REDACT));
  }

  private SafeHarborPreset() {}

  /**
   * Returns the preset's action for a role.
   *
   * @param role the role
   * @return the default action kind (parameters take their defaults)
   */
  public static Action defaultAction(Role role) {
    return DEFAULTS.get(role);
  }

  /**
   * Returns the actions a Safe Harbor policy may use for a role.
   *
   * @param role the role
   * @return the allowed actions, including the default
   */
  public static Set<Action> allowedActions(Role role) {
    return Set.copyOf(AT_LEAST_AS_STRICT.get(DEFAULTS.get(role)));
  }

  /**
   * Tells whether an action is at least as strict as the preset's default for a role.
   *
   * @param role the role
   * @param action the action the policy asks for
   * @return true when allowed under Safe Harbor
   */
  public static boolean allows(Role role, Action action) {
    return AT_LEAST_AS_STRICT.get(DEFAULTS.get(role)).contains(action);
  }

  /**
   * Looks a preset up by name.
   *
   * @param id the preset name
   * @return {@link #ID} when it names this preset, otherwise empty
   */
  static Optional<String> byId(String id) {
    return ID.equals(id) ? Optional.of(ID) : Optional.empty();
  }
}
