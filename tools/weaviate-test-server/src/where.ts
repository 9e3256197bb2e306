import { ApiError, isObject } from './http';
import type { PropertyDef, PropertyValue, StoredClass, StoredObject } from './state';

/** A where filter after checking, ready to run against objects. */
export type Predicate = (object: StoredObject) => boolean;

const VALUE_KEYS = ['valueText', 'valueString', 'valueInt', 'valueNumber', 'valueBoolean', 'valueDate', 'valueTextArray', 'valueStringArray', 'valueIntArray', 'valueNumberArray', 'valueBooleanArray', 'valueDateArray'] as const;

const COMPARISONS = new Set(['Equal', 'NotEqual', 'GreaterThan', 'GreaterThanEqual', 'LessThan', 'LessThanEqual', 'Like', 'IsNull', 'ContainsAny', 'ContainsAll', 'ContainsNone']);

/**
 * Compiles a where filter (the `WhereFilter` of the REST description, or the same shape read
 * from a GraphQL argument) into a predicate, checking it against the class as Weaviate does:
 * the property must exist, the value type must suit the property's data type, `IsNull` needs
 * `indexNullState`. Semantics follow Weaviate's documentation: `Equal` on a list property
 * matches any element; `NotEqual`, `Not` and `ContainsNone` are complements over all objects
 * (so objects without the property match them); an empty list counts as null.
 */
export function compileWhere(filter: unknown, cls: StoredClass, depth = 0): Predicate {
  if (depth > 64) throw new ApiError(422, 'where filter: nested too deeply');
  if (!isObject(filter)) throw new ApiError(422, 'where filter: expected an object');
  const operator = filter.operator;
  if (typeof operator !== 'string') throw new ApiError(422, 'where filter: operator cannot be empty');
  if (operator === 'And' || operator === 'Or' || operator === 'Not') {
    const operands = filter.operands;
    if (!Array.isArray(operands) || operands.length === 0) throw new ApiError(422, `where filter: operator ${operator} needs operands`);
    if (operator === 'Not' && operands.length !== 1) throw new ApiError(422, 'where filter: operator Not takes exactly one operand');
    const parts = operands.map((o) => compileWhere(o, cls, depth + 1));
    if (operator === 'And') return (o) => parts.every((p) => p(o));
    if (operator === 'Or') return (o) => parts.some((p) => p(o));
    return (o) => !parts[0]!(o);
  }
  if (!COMPARISONS.has(operator)) throw new ApiError(422, `where filter: unknown operator ${JSON.stringify(operator)}`);
  const path = filter.path;
  if (!Array.isArray(path) || path.length !== 1 || typeof path[0] !== 'string') {
    throw new ApiError(422, 'where filter: path must name one property (cross-references are not served here)');
  }
  const name = path[0];
  const given = VALUE_KEYS.filter((k) => filter[k] !== undefined && filter[k] !== null);
  if (given.length !== 1) throw new ApiError(422, 'where filter: exactly one value<Type> must be set');
  const valueKey = given[0]!;
  const raw = filter[valueKey];

  if (name === 'id' || name === '_id') {
    if (!['valueText', 'valueString', 'valueTextArray', 'valueStringArray'].includes(valueKey)) throw new ApiError(422, `where filter: data type filter cannot use "${valueKey}" on type "uuid"`);
    const values = (Array.isArray(raw) ? raw : [raw]).map((v) => String(v).toLowerCase());
    switch (operator) {
      case 'Equal':
      case 'ContainsAny':
        return (o) => values.includes(o.id);
      case 'NotEqual':
      case 'ContainsNone':
        return (o) => !values.includes(o.id);
      default:
        throw new ApiError(422, `where filter: operator ${operator} is not supported on the id`);
    }
  }

  const prop = cls.def.properties.find((p) => p.name === name);
  if (!prop) throw new ApiError(422, `no such prop with name '${name}' found in class '${cls.def.class}' in the schema. Check your schema files for which properties in this class are available`);
  if (!prop.indexFilterable && operator !== 'IsNull') throw new ApiError(422, `Filtering by property '${name}' requires inverted index. Is \`indexFilterable\` option of property '${name}' enabled?`);

  if (operator === 'IsNull') {
    if (valueKey !== 'valueBoolean') throw new ApiError(422, 'where filter: IsNull needs valueBoolean');
    if (!cls.def.invertedIndexConfig.indexNullState) throw new ApiError(422, 'Nullstate must be indexed to be filterable! Add `indexNullState: true` to the invertedIndexConfig');
    return (o) => isNull(o.properties[name]) === raw;
  }

  const base = prop.dataType[0].replace('[]', '');
  const keyBase = valueKey.replace(/^value/, '').replace(/Array$/, '').toLowerCase();
  const accepted = base === 'text' || base === 'uuid' ? ['text', 'string'] : base === 'number' ? ['number', 'int'] : [base];
  if (!accepted.includes(keyBase)) throw new ApiError(422, `data type filter cannot use "${valueKey}" on type "${prop.dataType[0]}"`);
  const isArrayValue = valueKey.endsWith('Array');
  const multi = operator === 'ContainsAny' || operator === 'ContainsAll' || operator === 'ContainsNone';
  if (isArrayValue && !multi) throw new ApiError(422, `where filter: operator ${operator} takes a single value, not ${valueKey}`);
  const wanted = (Array.isArray(raw) ? raw : [raw]) as Array<string | number | boolean>;
  for (const w of wanted) {
    if (keyBase === 'text' || keyBase === 'string' || keyBase === 'date') {
      if (typeof w !== 'string') throw new ApiError(422, `where filter: ${valueKey} must be text`);
    } else if (keyBase === 'boolean') {
      if (typeof w !== 'boolean') throw new ApiError(422, `where filter: ${valueKey} must be a boolean`);
    } else if (typeof w !== 'number') throw new ApiError(422, `where filter: ${valueKey} must be a number`);
  }

  const elements = (o: StoredObject): Array<string | number | boolean> => {
    const v = o.properties[name];
    if (v === undefined || v === null) return [];
    return Array.isArray(v) ? v : [v];
  };
  const textual = base === 'text';
  const equal = (a: string | number | boolean, b: string | number | boolean) => (textual ? textEqual(prop, a as string, b as string) : a === b);

  switch (operator) {
    case 'Equal':
      return (o) => elements(o).some((e) => equal(e, wanted[0]!));
    case 'NotEqual':
      return (o) => !elements(o).some((e) => equal(e, wanted[0]!));
    case 'GreaterThan':
    case 'GreaterThanEqual':
    case 'LessThan':
    case 'LessThanEqual': {
      const w = wanted[0]!;
      if (typeof w === 'boolean') throw new ApiError(422, `where filter: ${operator} cannot compare booleans`);
      const test = (e: string | number | boolean) =>
        operator === 'GreaterThan' ? e > w : operator === 'GreaterThanEqual' ? e >= w : operator === 'LessThan' ? e < w : e <= w;
      return (o) => elements(o).some(test);
    }
    case 'Like': {
      if (!textual) throw new ApiError(422, `where filter: Like needs a text property; '${name}' is ${prop.dataType[0]}`);
      const re = likePattern(wanted[0] as string, prop.tokenization !== 'field');
      return (o) => elements(o).some((e) => tokens(prop, e as string).some((t) => re.test(t)));
    }
    case 'ContainsAny':
      return (o) => elements(o).some((e) => wanted.some((w) => equal(e, w)));
    case 'ContainsAll':
      return (o) => wanted.every((w) => elements(o).some((e) => equal(e, w)));
    case 'ContainsNone':
      return (o) => !elements(o).some((e) => wanted.some((w) => equal(e, w)));
    default:
      throw new ApiError(422, `where filter: unknown operator ${operator}`);
  }
}

export function isNull(value: PropertyValue | undefined): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

/** How a text property is split into tokens (Weaviate's tokenization options). */
function tokens(prop: PropertyDef, text: string): string[] {
  switch (prop.tokenization) {
    case 'field':
      return [text.trim()];
    case 'whitespace':
      return text.split(/\s+/).filter(Boolean);
    case 'lowercase':
      return text.toLowerCase().split(/\s+/).filter(Boolean);
    default:
      return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }
}

/** Text equality under tokenization: every token of the filter value is a token of the property. */
function textEqual(prop: PropertyDef, actual: string, wanted: string): boolean {
  const have = new Set(tokens(prop, actual));
  const want = tokens(prop, wanted);
  return want.length > 0 ? want.every((t) => have.has(t)) : actual === wanted;
}

/** `*` is any run of characters and `?` one character; nothing can be escaped. */
function likePattern(pattern: string, lowercase: boolean): RegExp {
  const p = lowercase ? pattern.toLowerCase() : pattern;
  const body = [...p].map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 'su');
}
