package org.deid.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Reads one entry of {@code columns:} into a {@link ColumnSpec}, applying the preset. */
final class ColumnParser {
  private static final Map<Action, List<String>> PARAMETERS = new EnumMap<>(Action.class);

  static {
    for (Action action : Action.values()) {
      PARAMETERS.put(action, List.of());
    }
    PARAMETERS.put(Action.REDACT, List.of("replacement"));
    PARAMETERS.put(Action.MASK, List.of("keep_first", "keep_last", "mask_char"));
    PARAMETERS.put(Action.HASH, List.of("length"));
    PARAMETERS.put(Action.DATE_SHIFT, List.of("max_days"));
    PARAMETERS.put(Action.AGE, List.of("as_of", "as_of_column"));
    PARAMETERS.put(Action.BIRTH_YEAR, List.of("as_of", "as_of_column"));
    PARAMETERS.put(Action.BUCKET, List.of("bounds", "width"));
  }

  /** What the rest of the policy says that column entries depend on. */
  record Context(
      Problems problems,
      Method method,
      boolean safeHarborPreset,
      Optional<LocalDate> referenceDate,
      boolean hasPersonKey) {}

  private final Context context;

  ColumnParser(Context context) {
    this.context = context;
  }

  Optional<ColumnSpec> parse(String name, JsonNode value, String path) {
    Problems problems = context.problems();
    if (value.isTextual()) {
      Optional<Action> action =
          Mapping.choose(path, value.textValue(), Action.values(), Action::id, problems, "action");
      return action.flatMap(
          a -> build(name, Optional.empty(), a, Mapping.unchecked(value, path, problems), path));
    }
    if (!value.isObject()) {
      problems.add(path, "expected an action name or a mapping, found " + Mapping.typeName(value));
      return Optional.empty();
    }
    Mapping entry = Mapping.unchecked(value, path, problems);
    boolean roleGiven = entry.has("role");
    Optional<Role> role = entry.choice("role", Role.values(), Role::id, "role");
    Optional<Action> action =
        entry.has("action")
            ? entry.choice("action", Action.values(), Action::id, "action")
            : presetAction(role, roleGiven, path);
    checkKeys(entry, action);
    if (action.isEmpty() || (roleGiven && role.isEmpty())) {
      return Optional.empty();
    }
    return build(
        name, role, action.get(), entry, entry.has("action") ? entry.path("action") : path);
  }

  private Optional<Action> presetAction(Optional<Role> role, boolean roleGiven, String path) {
    if (role.isPresent() && context.safeHarborPreset()) {
      return Optional.of(SafeHarborPreset.defaultAction(role.get()));
    }
    if (role.isPresent()) {
      context.problems().add(path, "no action: give 'action' or set 'preset: safe-harbor'");
    } else if (!roleGiven) {
      context.problems().add(path, "no action: a column without a role needs an explicit action");
    }
    return Optional.empty();
  }

  private void checkKeys(Mapping entry, Optional<Action> action) {
    Set<String> allowed = new LinkedHashSet<>(List.of("role", "action"));
    action.ifPresent(a -> allowed.addAll(PARAMETERS.get(a)));
    Set<String> anyParameter = new TreeSet<>();
    PARAMETERS.values().forEach(anyParameter::addAll);
    for (String key : entry.keys()) {
      if (allowed.contains(key)) {
        continue;
      }
      if (anyParameter.contains(key)) {
        if (action.isPresent()) {
          entry
              .problems()
              .add(
                  entry.path(key),
                  "not a parameter of action '"
                      + action.get().id()
                      + "'"
                      + parameterHint(action.get()));
        }
      } else {
        Set<String> all = new LinkedHashSet<>(List.of("role", "action"));
        all.addAll(anyParameter);
        entry
            .problems()
            .add(entry.path(key), "unknown key (expected one of: " + String.join(", ", all) + ")");
      }
    }
  }

  private static String parameterHint(Action action) {
    List<String> parameters = PARAMETERS.get(action);
    return parameters.isEmpty()
        ? " (it takes no parameters)"
        : " (its parameters: " + String.join(", ", parameters) + ")";
  }

  private Optional<ColumnSpec> build(
      String name, Optional<Role> role, Action action, Mapping entry, String actionPath) {
    Problems problems = context.problems();
    if (context.method() == Method.SAFE_HARBOR
        && role.isPresent()
        && !SafeHarborPreset.allows(role.get(), action)) {
      String allowed =
          SafeHarborPreset.allowedActions(role.get()).stream()
              .sorted()
              .map(Action::id)
              .collect(Collectors.joining(", "));
      problems.add(
          actionPath,
          "action '"
              + action.id()
              + "' is less strict than the Safe Harbor "
              + "default '"
              + SafeHarborPreset.defaultAction(role.get()).id()
              + "' for role '"
              + role.get().id()
              + "' (allowed: "
              + allowed
              + "); use 'method: expert-determination' if an expert approved it");
    }
    if (action == Action.DATE_SHIFT && !context.hasPersonKey()) {
      problems.add(actionPath, "action 'date_shift' needs a top-level 'person_key'");
    }
    return spec(action, entry).map(spec -> new ColumnSpec(name, role, spec));
  }

  private Optional<ActionSpec> spec(Action action, Mapping entry) {
    switch (action) {
      case KEEP:
        return Optional.of(new ActionSpec.Keep());
      case DROP:
        return Optional.of(new ActionSpec.Drop());
      case REDACT:
        return Optional.of(new ActionSpec.Redact(entry.text("replacement").orElse("")));
      case MASK:
        return mask(entry);
      case HASH:
        return Optional.of(new ActionSpec.Hash(entry.integer("length", 8, 43).orElse(43)));
      case PSEUDONYM:
        return Optional.of(new ActionSpec.Pseudonym());
      case DATE_TO_YEAR:
        return Optional.of(new ActionSpec.DateToYear());
      case DATE_SHIFT:
        return Optional.of(
            new ActionSpec.DateShift(entry.integer("max_days", 1, 3650).orElse(365)));
      case AGE:
        return asOf(entry).map(ActionSpec.Age::new);
      case BIRTH_YEAR:
        return asOf(entry).map(ActionSpec.BirthYear::new);
      case AGE_CAP:
        return Optional.of(new ActionSpec.AgeCap());
      case ZIP3:
        return Optional.of(new ActionSpec.Zip3());
      default:
        return bucket(entry);
    }
  }

  private static Optional<ActionSpec> mask(Mapping entry) {
    int keepFirst = entry.integer("keep_first", 0, 1000).orElse(0);
    int keepLast = entry.integer("keep_last", 0, 1000).orElse(4);
    Optional<String> maskText = entry.text("mask_char");
    if (maskText.isPresent() && maskText.get().codePointCount(0, maskText.get().length()) != 1) {
      entry.problems().add(entry.path("mask_char"), "expected exactly one character");
    }
    int maskChar = maskText.filter(t -> !t.isEmpty()).map(t -> t.codePointAt(0)).orElse((int) '*');
    return Optional.of(new ActionSpec.Mask(keepFirst, keepLast, maskChar));
  }

  private Optional<ActionSpec.AsOf> asOf(Mapping entry) {
    Optional<String> dateText = entry.text("as_of");
    Optional<String> column = entry.nonEmptyText("as_of_column");
    if (dateText.isPresent() && column.isPresent()) {
      entry.problems().add(entry.path(), "give either 'as_of' or 'as_of_column', not both");
      return Optional.empty();
    }
    if (column.isPresent()) {
      return Optional.of(new ActionSpec.AsOf(Optional.empty(), column));
    }
    if (dateText.isPresent()) {
      return parseDate(dateText.get(), entry.path("as_of"), entry.problems())
          .map(date -> new ActionSpec.AsOf(Optional.of(date), Optional.empty()));
    }
    if (context.referenceDate().isPresent()) {
      return Optional.of(new ActionSpec.AsOf(context.referenceDate(), Optional.empty()));
    }
    if (!entry.has("as_of") && !entry.has("as_of_column")) {
      entry
          .problems()
          .add(
              entry.path(),
              "needs 'as_of', 'as_of_column' or a top-level 'reference_date' to compute ages");
    }
    return Optional.empty();
  }

  static Optional<LocalDate> parseDate(String text, String path, Problems problems) {
    try {
      return Optional.of(LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE));
    } catch (DateTimeParseException e) {
      problems.add(path, "expected a date yyyy-MM-dd");
      return Optional.empty();
    }
  }

  private static Optional<ActionSpec> bucket(Mapping entry) {
    Optional<List<JsonNode>> boundNodes = entry.list("bounds");
    Optional<BigDecimal> width = entry.decimal("width");
    if (entry.has("bounds") == entry.has("width")) {
      entry
          .problems()
          .add(entry.path(), "action 'bucket' needs exactly one of 'bounds' or 'width'");
      return Optional.empty();
    }
    if (width.isPresent()) {
      if (width.get().signum() <= 0) {
        entry.problems().add(entry.path("width"), "must be positive");
        return Optional.empty();
      }
      return Optional.of(new ActionSpec.Bucket(List.of(), width));
    }
    return boundNodes
        .flatMap(nodes -> bounds(nodes, entry))
        .map(bounds -> new ActionSpec.Bucket(bounds, Optional.empty()));
  }

  private static Optional<List<BigDecimal>> bounds(List<JsonNode> nodes, Mapping entry) {
    String path = entry.path("bounds");
    if (nodes.isEmpty()) {
      entry.problems().add(path, "must list at least one number");
      return Optional.empty();
    }
    List<BigDecimal> bounds = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (!nodes.get(i).isNumber()) {
        entry
            .problems()
            .add(
                path + "[" + i + "]", "expected a number, found " + Mapping.typeName(nodes.get(i)));
        return Optional.empty();
      }
      BigDecimal bound = nodes.get(i).decimalValue();
      if (!bounds.isEmpty() && bound.compareTo(bounds.get(bounds.size() - 1)) <= 0) {
        entry.problems().add(path + "[" + i + "]", "bounds must be strictly increasing");
        return Optional.empty();
      }
      bounds.add(bound);
    }
    return Optional.of(bounds);
  }
}
