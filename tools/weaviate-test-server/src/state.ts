import { ApiError, isObject } from './http';

/** Data types this server stores (Weaviate's primitive types and their lists). */
export const DATA_TYPES = ['text', 'text[]', 'number', 'number[]', 'int', 'int[]', 'boolean', 'boolean[]', 'uuid', 'uuid[]', 'date', 'date[]'] as const;
export type DataType = (typeof DATA_TYPES)[number];

export const TOKENIZATIONS = ['word', 'lowercase', 'whitespace', 'field'] as const;
export type Tokenization = (typeof TOKENIZATIONS)[number];

export type Distance = 'cosine' | 'dot' | 'l2-squared' | 'manhattan' | 'hamming';

export interface PropertyDef {
  name: string;
  dataType: [DataType];
  description?: string;
  tokenization?: Tokenization;
  indexFilterable: boolean;
  indexSearchable: boolean;
}

export interface ClassDef {
  class: string;
  description?: string;
  vectorizer: string;
  vectorIndexType: string;
  vectorIndexConfig: { distance: Distance } & Record<string, unknown>;
  invertedIndexConfig: { indexNullState: boolean } & Record<string, unknown>;
  properties: PropertyDef[];
}

export type PropertyValue = string | number | boolean | null | Array<string | number | boolean>;

export interface StoredObject {
  class: string;
  id: string;
  properties: Record<string, PropertyValue>;
  vector: Float32Array | undefined;
  creationTimeUnix: number;
  lastUpdateTimeUnix: number;
}

export interface StoredClass {
  def: ClassDef;
  objects: Map<string, StoredObject>;
}

const CLASS_NAME = /^[A-Z][_0-9A-Za-z]{0,254}$/;
const PROPERTY_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,230}$/;
const RESERVED_PROPERTIES = new Set(['_additional', '_id', 'id']);
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Weaviate upper-cases the first letter of a class name it is given. */
export function normaliseClassName(name: string): string {
  return name.length > 0 ? name[0]!.toUpperCase() + name.slice(1) : name;
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Classes and their objects, in memory. */
export class WeaviateState {
  readonly classes = new Map<string, StoredClass>();

  getClass(name: string): StoredClass | undefined {
    return this.classes.get(normaliseClassName(name));
  }

  createClass(body: unknown): ClassDef {
    if (!isObject(body)) throw new ApiError(422, 'a class is a JSON object');
    if (typeof body.class !== 'string') throw new ApiError(422, "class name is required: set 'class'");
    const name = normaliseClassName(body.class);
    if (!CLASS_NAME.test(name)) {
      throw new ApiError(422, `'${body.class}' is not a valid class name: it must match /^[A-Z][_0-9A-Za-z]{0,254}$/`);
    }
    if (this.classes.has(name)) throw new ApiError(422, `class name ${JSON.stringify(name)} already exists`);
    const vectorizer = body.vectorizer === undefined ? 'none' : body.vectorizer;
    if (vectorizer !== 'none') throw new ApiError(422, `vectorizer: no module with name ${JSON.stringify(vectorizer)} present`);
    const vic = isObject(body.vectorIndexConfig) ? body.vectorIndexConfig : {};
    const distance = vic.distance === undefined ? 'cosine' : vic.distance;
    if (!['cosine', 'dot', 'l2-squared', 'manhattan', 'hamming'].includes(distance as string)) {
      throw new ApiError(422, `invalid vectorIndexConfig: distance ${JSON.stringify(distance)} is not supported`);
    }
    const iic = isObject(body.invertedIndexConfig) ? body.invertedIndexConfig : {};
    const properties = Array.isArray(body.properties) ? body.properties.map((p) => this.checkProperty(p)) : [];
    const seen = new Set<string>();
    for (const p of properties) {
      if (seen.has(p.name.toLowerCase())) throw new ApiError(422, `class "${name}": conflict for property "${p.name}": already in use or provided multiple times`);
      seen.add(p.name.toLowerCase());
    }
    const def: ClassDef = {
      class: name,
      ...(typeof body.description === 'string' ? { description: body.description } : {}),
      vectorizer: 'none',
      vectorIndexType: typeof body.vectorIndexType === 'string' ? body.vectorIndexType : 'hnsw',
      vectorIndexConfig: { ...vic, distance: distance as Distance },
      invertedIndexConfig: { ...iic, indexNullState: iic.indexNullState === true },
      properties,
    };
    this.classes.set(name, { def, objects: new Map() });
    return def;
  }

  checkProperty(body: unknown): PropertyDef {
    if (!isObject(body) || typeof body.name !== 'string') throw new ApiError(422, 'a property needs a name');
    const name = body.name;
    if (!PROPERTY_NAME.test(name)) throw new ApiError(422, `'${name}' is not a valid property name. Property names in Weaviate are restricted to valid GraphQL names, which must be “/[_A-Za-z][_0-9A-Za-z]{0,230}/”.`);
    if (RESERVED_PROPERTIES.has(name)) throw new ApiError(422, `'${name}' is a reserved property name`);
    if (!Array.isArray(body.dataType) || body.dataType.length !== 1 || !DATA_TYPES.includes(body.dataType[0] as DataType)) {
      throw new ApiError(422, `property '${name}': invalid dataType ${JSON.stringify(body.dataType)}`);
    }
    const dataType = body.dataType[0] as DataType;
    const textual = dataType === 'text' || dataType === 'text[]';
    if (body.tokenization !== undefined && (!textual || !TOKENIZATIONS.includes(body.tokenization as Tokenization))) {
      throw new ApiError(422, `property '${name}': tokenization ${JSON.stringify(body.tokenization)} is not allowed for data type ${dataType}`);
    }
    if (body.indexSearchable === true && !textual) throw new ApiError(422, `property '${name}': indexSearchable is allowed only for text and text[] properties`);
    return {
      name,
      dataType: [dataType],
      ...(typeof body.description === 'string' ? { description: body.description } : {}),
      ...(textual ? { tokenization: (body.tokenization as Tokenization | undefined) ?? 'word' } : {}),
      indexFilterable: body.indexFilterable !== false,
      indexSearchable: textual ? body.indexSearchable !== false : false,
    };
  }

  addProperty(className: string, body: unknown): PropertyDef {
    const cls = this.getClass(className);
    if (!cls) throw new ApiError(422, `class ${JSON.stringify(className)} not found`);
    const prop = this.checkProperty(body);
    if (cls.def.properties.some((p) => p.name.toLowerCase() === prop.name.toLowerCase())) {
      throw new ApiError(422, `class "${cls.def.class}": conflict for property "${prop.name}": already in use or provided multiple times`);
    }
    cls.def.properties.push(prop);
    return prop;
  }

  deleteClass(name: string): void {
    this.classes.delete(normaliseClassName(name));
  }

  /** Checks an object against its class (properties exist and have the right type, one vector length per class) and stores it. */
  putObject(body: unknown, mode: 'create' | 'replace' | 'upsert', pathClass?: string, pathId?: string): StoredObject {
    if (!isObject(body)) throw new ApiError(422, 'an object is a JSON object');
    const className = normaliseClassName(pathClass ?? (typeof body.class === 'string' ? body.class : ''));
    const cls = this.classes.get(className);
    if (!cls) throw new ApiError(422, `class ${JSON.stringify(className)} not found in the schema`);
    const id = pathId ?? body.id;
    if (!isUuid(id)) throw new ApiError(422, `id ${JSON.stringify(id)} is not a valid uuid`);
    const key = id.toLowerCase();
    const existing = cls.objects.get(key);
    if (mode === 'create' && existing) throw new ApiError(422, `id '${key}' already exists`);
    if (mode === 'replace' && !existing) throw new ApiError(404, `object '${key}' not found`);
    const properties: Record<string, PropertyValue> = {};
    const given = body.properties === undefined ? {} : body.properties;
    if (!isObject(given)) throw new ApiError(422, 'properties must be an object');
    for (const [name, value] of Object.entries(given)) {
      const prop = cls.def.properties.find((p) => p.name === name);
      if (!prop) {
        throw new ApiError(422, `invalid object: no such prop with name '${name}' found in class '${className}' in the schema. Check your schema files for which properties in this class are available`);
      }
      if (value === null || value === undefined) continue;
      properties[name] = checkValue(prop, value, className);
    }
    let vector: Float32Array | undefined;
    if (body.vector !== undefined && body.vector !== null) {
      if (!Array.isArray(body.vector) || body.vector.length === 0 || !body.vector.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        throw new ApiError(422, 'invalid object: vector must be a non-empty list of numbers');
      }
      vector = Float32Array.from(body.vector as number[]);
      for (const other of cls.objects.values()) {
        if (other.id === key || !other.vector) continue;
        if (other.vector.length !== vector.length) {
          throw new ApiError(422, `insert to vector index: new node has a vector with length ${vector.length}. Existing nodes have vectors with length ${other.vector.length}`);
        }
        break;
      }
    }
    const now = Date.now();
    const stored: StoredObject = { class: className, id: key, properties, vector, creationTimeUnix: existing?.creationTimeUnix ?? now, lastUpdateTimeUnix: now };
    cls.objects.set(key, stored);
    return stored;
  }
}

function checkValue(prop: PropertyDef, value: unknown, className: string): PropertyValue {
  const type = prop.dataType[0];
  const base = type.replace('[]', '');
  const list = type.endsWith('[]');
  const fits = (v: unknown): boolean => {
    switch (base) {
      case 'text':
      case 'date':
        return typeof v === 'string';
      case 'uuid':
        return isUuid(v);
      case 'number':
        return typeof v === 'number' && Number.isFinite(v);
      case 'int':
        return typeof v === 'number' && Number.isInteger(v);
      case 'boolean':
        return typeof v === 'boolean';
      default:
        return false;
    }
  };
  const bad = () =>
    new ApiError(422, `invalid object: invalid ${type} property '${prop.name}' on class '${className}': requires a ${list ? `list of ${base}` : base}, the given value is ${JSON.stringify(value)?.slice(0, 80)}`);
  if (list) {
    if (!Array.isArray(value) || !value.every(fits)) throw bad();
    return [...(value as Array<string | number | boolean>)];
  }
  if (!fits(value)) throw bad();
  return value as string | number | boolean;
}
