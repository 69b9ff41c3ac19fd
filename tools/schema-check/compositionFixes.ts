/**
 * The fix for a composition error or hint. Apollo's messages say what is wrong and sometimes how to fix it;
 * when they only say what, the fix comes from this table of the codes teams actually hit.
 */

const FIXES: Record<string, (coordinate: string) => string> = {
  FIELD_TYPE_MISMATCH: (c) => `Give ${c} the same type in every subgraph that defines it.`,
  ARGUMENT_TYPE_MISMATCH: (c) => `Give the argument the same type in every subgraph that defines ${c}.`,
  INVALID_FIELD_SHARING: (c) =>
    `Keep ${c} in one subgraph (move it with @override(from: "<old subgraph>")), or mark it @shareable in every subgraph that resolves it and allow-list it with a reason in schema/schema-rules.json.`,
  TYPE_KIND_MISMATCH: (c) => `Declare ${c} as the same kind (type, interface, input, enum, union or scalar) in every subgraph.`,
  ENUM_VALUE_MISMATCH: (c) => `Define the same values of ${c} in every subgraph that declares it: it is used both as an input and as an output.`,
  EMPTY_MERGED_ENUM_TYPE: (c) => `Give ${c} at least one value that every subgraph declaring it shares.`,
  EMPTY_MERGED_INPUT_TYPE: (c) => `Give ${c} at least one field that every subgraph declaring it shares.`,
  REQUIRED_ARGUMENT_MISSING_IN_SOME_SUBGRAPH: (c) => `Declare the required argument of ${c} in every subgraph that defines the field, or make it optional.`,
  REQUIRED_INPUT_FIELD_MISSING_IN_SOME_SUBGRAPH: (c) => `Declare the required input field ${c} in every subgraph that defines the input type, or make it optional.`,
  SATISFIABILITY_ERROR: (c) =>
    `Make ${c} reachable from every query path: declare it in a subgraph whose @key on the type is resolvable, or move it to the subgraph that owns the type.`,
  EXTERNAL_MISSING_ON_BASE: (c) => `Declare ${c} without @external in the subgraph that resolves it, or remove @external.`,
  EXTERNAL_TYPE_MISMATCH: (c) => `Give the @external ${c} the same type as the field in the subgraph that resolves it.`,
  KEY_FIELDS_SELECT_INVALID_TYPE: (c) => `Make every @key field of ${c} a non-list, non-interface, non-union field.`,
  KEY_INVALID_FIELDS: (c) => `Make the @key fields of ${c} name fields the type declares.`,
  INVALID_GRAPHQL: () => 'Correct the SDL at the reported line.',
  UNKNOWN_FEDERATION_LINK_VERSION: () => 'Use a federation version in the @link url that @apollo/composition supports.',
  INCONSISTENT_DESCRIPTION: (c) => `Give ${c} the same description in every subgraph that declares it (or describe it in one only).`,
  INCONSISTENT_BUT_COMPATIBLE_FIELD_TYPE: (c) => `Give ${c} the same type in every subgraph that declares it.`,
  INCONSISTENT_BUT_COMPATIBLE_ARGUMENT_TYPE: (c) => `Give the argument the same type in every subgraph that declares ${c}.`,
  INCONSISTENT_ENUM_VALUE_FOR_INPUT_ENUM: (c) => `Declare the same values of ${c} in every subgraph; values missing in one are dropped from the API.`,
  INCONSISTENT_ENUM_VALUE_FOR_OUTPUT_ENUM: (c) => `Declare the same values of ${c} in every subgraph.`,
  INCONSISTENT_OBJECT_VALUE_TYPE_FIELD: (c) => `Declare the same fields of the value type ${c} in every subgraph that declares it.`,
  INCONSISTENT_INPUT_OBJECT_FIELD: (c) => `Declare the same fields of ${c} in every subgraph; fields missing in one are dropped from the API.`,
  INCONSISTENT_ARGUMENT_PRESENCE: (c) => `Declare the argument of ${c} in every subgraph that defines the field.`,
  OVERRIDE_DIRECTIVE_CAN_BE_REMOVED: (c) => `Remove @override from ${c}: the from subgraph no longer declares the field.`,
  FROM_SUBGRAPH_DOES_NOT_EXIST: (c) => `Name an existing subgraph in the from: argument of @override on ${c}.`,
  OVERRIDE_MIGRATION_IN_PROGRESS: (c) => `Finish moving ${c}: remove the progressive @override label once all traffic is on the new subgraph.`,
};

/** A sentence in which Apollo itself suggests the fix, e.g. "Consider removing it." */
const SUGGESTION = /(?:^|\.\s+|\n)((?:Consider|If you|You should|You may|Please|Either)[^\n]*?\.)(?=\s|$)/;

export function fixFor(code: string, message: string, coordinate: string | undefined): string {
  const suggested = SUGGESTION.exec(message)?.[1];
  if (suggested) return suggested;
  const fix = FIXES[code];
  if (fix) return fix(coordinate ?? 'the element');
  return `See Apollo Federation's composition error and hint reference for ${code}.`;
}
