/*
 * iepmodel._speedups: the fast writer's encoder, in C (optional).
 *
 * `to_json_bytes` writes a model object as the reference writer does (cattrs's
 * unstructuring, then json.dumps(ensure_ascii=False, separators=(",", ":"))), byte for
 * byte. In Python, even the quickest way (copying the object into msgspec Structs and
 * encoding those) spends most of its time copying. An Encoder writes the JSON straight
 * from the objects, following a *description* built by the Python writer
 * (`_fastpath.CWriter`) from the model's classes: for each class, each field in the
 * order the reference writes it, its key, where to read it, when to leave it out and
 * what kind of value it holds.
 *
 * The Encoder writes only what it is sure of: values of exactly the described types
 * (str, a member of the field's own str enumeration, int, bool, a finite float, date,
 * tuples of those, and model objects of exactly the described class). Anything else (a
 * subclass, a value of another type, NaN) raises TypeError or ValueError, and the Python
 * writer then hands the object to the reference path, which decides.
 *
 * Nothing here calls back into Python code while writing, except reading an attribute
 * by name when the class has no plain slot for it.
 *
 * The wheel build hook (hatch_build.py) compiles it when a C compiler is present; without
 * it the Python writers (msgspec, orjson) or the reference path write the same bytes.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <datetime.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <structmember.h>

/* The kinds of value a field holds (the numbers are shared with _fastpath.py). */
enum {
    KIND_STR = 0,    /* exactly str */
    KIND_ENUM = 1,   /* a member of exactly the field's str enumeration: its value */
    KIND_DATE = 2,   /* exactly datetime.date: "YYYY-MM-DD" */
    KIND_INT = 3,    /* exactly int (not bool) */
    KIND_BOOL = 4,   /* True or False */
    KIND_FLOAT = 5,  /* exactly float (finite), or exactly int */
    KIND_OBJECT = 6, /* a model object of exactly the described class */
    KIND_TUPLE = 7,  /* exactly a tuple, each item of the item kind */
};

/* When a field is left out (the reference's omit-if-default). */
enum {
    OMIT_NEVER = 0,
    OMIT_NONE = 1,  /* default None: left out when None */
    OMIT_EMPTY = 2, /* default (): left out when the empty tuple */
};

#define MAX_DEPTH 16

typedef struct Node Node;

typedef struct {
    int kind;
    PyTypeObject *type; /* KIND_ENUM: the enumeration */
    Node *child;        /* KIND_OBJECT: the class's description */
} Value;

typedef struct {
    PyObject *key;     /* bytes: "name": */
    PyObject *name;    /* str: the attribute */
    Py_ssize_t offset; /* the slot's offset in the object, or -1: read by name */
    int omit;
    int nullable;      /* None is written as null (a field that is not left out) */
    Value value;
    Value item;        /* KIND_TUPLE: the items' kind */
} Field;

struct Node {
    PyTypeObject *cls;
    Py_ssize_t nfields;
    Field *fields;
};

/* --- descriptions ---------------------------------------------------------------------- */

static void node_free(Node *node);

static void
value_clear(Value *value)
{
    Py_CLEAR(value->type);
    node_free(value->child);
    value->child = NULL;
}

static void
node_free(Node *node)
{
    if (node == NULL) {
        return;
    }
    for (Py_ssize_t i = 0; i < node->nfields; i++) {
        Field *field = &node->fields[i];
        Py_XDECREF(field->key);
        Py_XDECREF(field->name);
        value_clear(&field->value);
        value_clear(&field->item);
    }
    PyMem_Free(node->fields);
    Py_XDECREF(node->cls);
    PyMem_Free(node);
}

static Node *node_parse(PyObject *spec, int depth);

/* A value kind from Python: (kind, arg), arg the enumeration, the child description,
 * the item kind (for a tuple) or None. */
static int
value_parse(PyObject *spec, Value *value, int depth, int allow_tuple)
{
    int kind;
    PyObject *arg;
    if (!PyTuple_Check(spec) || !PyArg_ParseTuple(spec, "iO", &kind, &arg)) {
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_TypeError, "a value kind is (kind, arg)");
        }
        return -1;
    }
    value->kind = kind;
    switch (kind) {
    case KIND_STR:
    case KIND_DATE:
    case KIND_INT:
    case KIND_BOOL:
    case KIND_FLOAT:
        return 0;
    case KIND_ENUM:
        if (!PyType_Check(arg) || !PyType_IsSubtype((PyTypeObject *)arg, &PyUnicode_Type)) {
            PyErr_SetString(PyExc_TypeError, "an enumeration kind needs a str enumeration");
            return -1;
        }
        Py_INCREF(arg);
        value->type = (PyTypeObject *)arg;
        return 0;
    case KIND_OBJECT:
        value->child = node_parse(arg, depth + 1);
        return value->child == NULL ? -1 : 0;
    case KIND_TUPLE:
        if (!allow_tuple) {
            PyErr_SetString(PyExc_ValueError, "a tuple of tuples is not described");
            return -1;
        }
        return 1; /* the caller parses the item kind */
    default:
        PyErr_SetString(PyExc_ValueError, "unknown value kind");
        return -1;
    }
}

/*
 * A description, from Python: (cls, fields), each field
 * (key, name, descriptor, omit, nullable, value kind). When the descriptor is the class's
 * member descriptor for a plain slot, the value is read straight from the slot.
 */
static Node *
node_parse(PyObject *spec, int depth)
{
    if (depth > MAX_DEPTH) {
        PyErr_SetString(PyExc_ValueError, "description nested too deep");
        return NULL;
    }
    PyObject *cls, *fields;
    if (!PyTuple_Check(spec) ||
        !PyArg_ParseTuple(spec, "O!O!", &PyType_Type, &cls, &PyTuple_Type, &fields)) {
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_TypeError, "a description is (cls, fields)");
        }
        return NULL;
    }
    Py_ssize_t nfields = PyTuple_GET_SIZE(fields);
    Node *node = PyMem_Calloc(1, sizeof(Node));
    if (node == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    node->fields = PyMem_Calloc(nfields > 0 ? (size_t)nfields : 1, sizeof(Field));
    if (node->fields == NULL) {
        PyMem_Free(node);
        PyErr_NoMemory();
        return NULL;
    }
    Py_INCREF(cls);
    node->cls = (PyTypeObject *)cls;
    for (Py_ssize_t i = 0; i < nfields; i++) {
        PyObject *item = PyTuple_GET_ITEM(fields, i);
        PyObject *key, *name, *descriptor, *value_spec;
        int omit, nullable;
        if (!PyTuple_Check(item) || !PyArg_ParseTuple(item, "SUOipO", &key, &name, &descriptor,
                                                      &omit, &nullable, &value_spec)) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_TypeError,
                                "a field is (key, name, descriptor, omit, nullable, kind)");
            }
            goto error;
        }
        Field *field = &node->fields[i];
        node->nfields = i + 1; /* so that node_free releases what is set so far */
        Py_INCREF(key);
        field->key = key;
        Py_INCREF(name);
        field->name = name;
        field->omit = omit;
        field->nullable = nullable;
        field->offset = -1;
        if (Py_IS_TYPE(descriptor, &PyMemberDescr_Type)) {
            PyMemberDef *member = ((PyMemberDescrObject *)descriptor)->d_member;
            if (member->type == T_OBJECT_EX &&
                ((PyMemberDescrObject *)descriptor)->d_common.d_type == (PyTypeObject *)cls) {
                field->offset = member->offset;
            }
        }
        if (omit < OMIT_NEVER || omit > OMIT_EMPTY) {
            PyErr_SetString(PyExc_ValueError, "unknown omission");
            goto error;
        }
        int parsed = value_parse(value_spec, &field->value, depth, 1);
        if (parsed < 0) {
            goto error;
        }
        if (parsed == 1) {
            PyObject *item_spec = PyTuple_GET_ITEM(value_spec, 1);
            if (value_parse(item_spec, &field->item, depth, 0) < 0) {
                goto error;
            }
        }
    }
    node->nfields = nfields;
    return node;
error:
    node_free(node);
    return NULL;
}

/* --- the output buffer ----------------------------------------------------------------- */

#define STACK_BUFFER 16384

typedef struct {
    char *data;
    Py_ssize_t size;
    Py_ssize_t capacity;
    int on_heap;
    char stack[STACK_BUFFER];
} Out;

static int
out_grow(Out *out, Py_ssize_t needed)
{
    Py_ssize_t capacity = out->capacity;
    while (capacity - out->size < needed) {
        if (capacity > PY_SSIZE_T_MAX / 2) {
            PyErr_NoMemory();
            return -1;
        }
        capacity *= 2;
    }
    char *data;
    if (out->on_heap) {
        data = PyMem_Realloc(out->data, (size_t)capacity);
    }
    else {
        data = PyMem_Malloc((size_t)capacity);
        if (data != NULL) {
            memcpy(data, out->data, (size_t)out->size);
        }
    }
    if (data == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    out->data = data;
    out->capacity = capacity;
    out->on_heap = 1;
    return 0;
}

static inline int
out_reserve(Out *out, Py_ssize_t needed)
{
    if (out->capacity - out->size >= needed) {
        return 0;
    }
    return out_grow(out, needed);
}

static inline int
out_write(Out *out, const char *bytes, Py_ssize_t count)
{
    if (out_reserve(out, count) < 0) {
        return -1;
    }
    memcpy(out->data + out->size, bytes, (size_t)count);
    out->size += count;
    return 0;
}

static inline int
out_char(Out *out, char c)
{
    if (out_reserve(out, 1) < 0) {
        return -1;
    }
    out->data[out->size++] = c;
    return 0;
}

/* --- values ---------------------------------------------------------------------------- */

/* Bytes json.dumps escapes: the control characters, the quote and the backslash. */
static const unsigned char NEEDS_ESCAPE[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x00 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x10 */
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x20: '"' */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, /* 0x50: '\\' */
};

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)
/* Whether one of the 8 bytes of x is below n (n <= 128), or equals c; never a false "no". */
#define HAS_LESS(x, n) (((x) - ONES * (n)) & ~(x) & HIGHS)
#define HAS_BYTE(x, c) HAS_LESS((x) ^ (ONES * (c)), 1)

static int
write_escape(Out *out, unsigned char c)
{
    const char *short_form = NULL;
    switch (c) {
    case '"': short_form = "\\\""; break;
    case '\\': short_form = "\\\\"; break;
    case '\n': short_form = "\\n"; break;
    case '\r': short_form = "\\r"; break;
    case '\t': short_form = "\\t"; break;
    case '\b': short_form = "\\b"; break;
    case '\f': short_form = "\\f"; break;
    default: break;
    }
    if (short_form != NULL) {
        return out_write(out, short_form, 2);
    }
    /* As json.dumps: \u00XX in lower case. */
    static const char hex[] = "0123456789abcdef";
    char escaped[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
    return out_write(out, escaped, 6);
}

/* A str as json.dumps(ensure_ascii=False) writes it, in UTF-8. */
static int
write_string(Out *out, PyObject *text)
{
    const char *bytes;
    Py_ssize_t count;
    if (PyUnicode_IS_ASCII(text)) {
        bytes = (const char *)PyUnicode_DATA(text);
        count = PyUnicode_GET_LENGTH(text);
    }
    else {
        bytes = PyUnicode_AsUTF8AndSize(text, &count); /* lone surrogates: an error */
        if (bytes == NULL) {
            return -1;
        }
    }
    if (out_reserve(out, count + 2) < 0) {
        return -1;
    }
    out->data[out->size++] = '"';
    Py_ssize_t start = 0, i = 0;
    while (i < count) {
        /* Eight bytes at a time while none of them needs escaping (most text)... */
        while (i + 8 <= count) {
            uint64_t chunk;
            memcpy(&chunk, bytes + i, 8);
            if (HAS_LESS(chunk, 0x20) | HAS_BYTE(chunk, '"') | HAS_BYTE(chunk, '\\')) {
                break;
            }
            i += 8;
        }
        /* ...then the next eight (or the rest) one at a time. */
        Py_ssize_t stop = count - i > 8 ? i + 8 : count;
        for (; i < stop; i++) {
            unsigned char c = (unsigned char)bytes[i];
            if (NEEDS_ESCAPE[c]) {
                if (out_write(out, bytes + start, i - start) < 0 || write_escape(out, c) < 0) {
                    return -1;
                }
                start = i + 1;
            }
        }
    }
    if (out_write(out, bytes + start, count - start) < 0) {
        return -1;
    }
    return out_char(out, '"');
}

static int
write_int(Out *out, PyObject *number)
{
    int overflow = 0;
    long long value = PyLong_AsLongLongAndOverflow(number, &overflow);
    if (value == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (overflow) {
        PyObject *text = PyObject_Str(number);
        if (text == NULL) {
            return -1;
        }
        Py_ssize_t count;
        const char *digits = PyUnicode_AsUTF8AndSize(text, &count);
        int status = digits == NULL ? -1 : out_write(out, digits, count);
        Py_DECREF(text);
        return status;
    }
    char digits[24];
    int count = snprintf(digits, sizeof digits, "%lld", value);
    return out_write(out, digits, count);
}

static int
write_float(Out *out, PyObject *number)
{
    double value = PyFloat_AS_DOUBLE(number);
    if (!isfinite(value)) {
        /* json.dumps writes NaN and Infinity, which are not JSON: the reference decides. */
        PyErr_SetString(PyExc_ValueError, "a float that is not finite");
        return -1;
    }
    /* What float.__repr__, and so json.dumps, writes. */
    char *text = PyOS_double_to_string(value, 'r', 0, Py_DTSF_ADD_DOT_0, NULL);
    if (text == NULL) {
        return -1;
    }
    int status = out_write(out, text, (Py_ssize_t)strlen(text));
    PyMem_Free(text);
    return status;
}

static int
write_date(Out *out, PyObject *day)
{
    int year = PyDateTime_GET_YEAR(day), month = PyDateTime_GET_MONTH(day),
        date = PyDateTime_GET_DAY(day);
    char text[12] = {
        '"',
        (char)('0' + year / 1000), (char)('0' + year / 100 % 10),
        (char)('0' + year / 10 % 10), (char)('0' + year % 10), '-',
        (char)('0' + month / 10), (char)('0' + month % 10), '-',
        (char)('0' + date / 10), (char)('0' + date % 10), '"',
    };
    return out_write(out, text, 12);
}

static int write_object(Out *out, const Node *node, PyObject *obj, int depth);

static int
wrong_type(const Value *value, PyObject *found)
{
    PyErr_Format(PyExc_TypeError, "value of kind %d is a %s", value->kind,
                 Py_TYPE(found)->tp_name);
    return -1;
}

static int
write_value(Out *out, const Value *value, const Value *item, PyObject *found, int depth)
{
    switch (value->kind) {
    case KIND_STR:
        if (!PyUnicode_CheckExact(found)) {
            return wrong_type(value, found);
        }
        return write_string(out, found);
    case KIND_ENUM:
        /* A str enumeration member's text is its value. */
        if (Py_TYPE(found) != value->type) {
            return wrong_type(value, found);
        }
        return write_string(out, found);
    case KIND_DATE:
        if (!PyDate_CheckExact(found)) {
            return wrong_type(value, found);
        }
        return write_date(out, found);
    case KIND_INT:
        if (!PyLong_CheckExact(found)) {
            return wrong_type(value, found);
        }
        return write_int(out, found);
    case KIND_BOOL:
        if (found == Py_True) {
            return out_write(out, "true", 4);
        }
        if (found == Py_False) {
            return out_write(out, "false", 5);
        }
        return wrong_type(value, found);
    case KIND_FLOAT:
        if (PyFloat_CheckExact(found)) {
            return write_float(out, found);
        }
        if (PyLong_CheckExact(found)) {
            return write_int(out, found);
        }
        return wrong_type(value, found);
    case KIND_OBJECT:
        return write_object(out, value->child, found, depth + 1);
    case KIND_TUPLE: {
        if (!PyTuple_CheckExact(found)) {
            return wrong_type(value, found);
        }
        Py_ssize_t count = PyTuple_GET_SIZE(found);
        if (out_char(out, '[') < 0) {
            return -1;
        }
        for (Py_ssize_t i = 0; i < count; i++) {
            if ((i > 0 && out_char(out, ',') < 0) ||
                write_value(out, item, NULL, PyTuple_GET_ITEM(found, i), depth) < 0) {
                return -1;
            }
        }
        return out_char(out, ']');
    }
    default:
        PyErr_SetString(PyExc_SystemError, "unknown value kind");
        return -1;
    }
}

/* The JSON object of obj, which must be exactly of node->cls. */
static int
write_object(Out *out, const Node *node, PyObject *obj, int depth)
{
    if (Py_TYPE(obj) != node->cls) {
        PyErr_Format(PyExc_TypeError, "expected %s, got %s", node->cls->tp_name,
                     Py_TYPE(obj)->tp_name);
        return -1;
    }
    if (depth > MAX_DEPTH) { /* descriptions are trees of at most this depth: cannot happen */
        PyErr_SetString(PyExc_RecursionError, "nested too deep");
        return -1;
    }
    if (out_char(out, '{') < 0) {
        return -1;
    }
    int first = 1;
    for (Py_ssize_t i = 0; i < node->nfields; i++) {
        const Field *field = &node->fields[i];
        PyObject *found;
        if (field->offset >= 0) {
            found = *(PyObject **)((char *)obj + field->offset);
            if (found == NULL) {
                PyErr_SetObject(PyExc_AttributeError, field->name);
                return -1;
            }
            Py_INCREF(found);
        }
        else {
            found = PyObject_GetAttr(obj, field->name);
            if (found == NULL) {
                return -1;
            }
        }
        int status = 0;
        if (found == Py_None) {
            if (field->omit == OMIT_NONE) {
                goto next;
            }
            if (!field->nullable) {
                status = wrong_type(&field->value, found);
                goto next;
            }
        }
        else if (field->omit == OMIT_EMPTY && PyTuple_CheckExact(found) &&
                 PyTuple_GET_SIZE(found) == 0) {
            goto next;
        }
        if ((!first && out_char(out, ',') < 0) ||
            out_write(out, PyBytes_AS_STRING(field->key), PyBytes_GET_SIZE(field->key)) < 0) {
            status = -1;
            goto next;
        }
        first = 0;
        if (found == Py_None) {
            status = out_write(out, "null", 4);
        }
        else {
            status = write_value(out, &field->value, &field->item, found, depth);
        }
    next:
        Py_DECREF(found);
        if (status < 0) {
            return -1;
        }
    }
    return out_char(out, '}');
}

/* --- the Encoder type ------------------------------------------------------------------ */

typedef struct {
    PyObject_HEAD
    Node *root;
} Encoder;

static void
Encoder_dealloc(Encoder *self)
{
    node_free(self->root);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
Encoder_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"description", NULL};
    PyObject *description;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O:Encoder", keywords, &description)) {
        return NULL;
    }
    Node *root = node_parse(description, 0);
    if (root == NULL) {
        return NULL;
    }
    Encoder *self = (Encoder *)type->tp_alloc(type, 0);
    if (self == NULL) {
        node_free(root);
        return NULL;
    }
    self->root = root;
    return (PyObject *)self;
}

static PyObject *
Encoder_call(Encoder *self, PyObject *args, PyObject *kwargs)
{
    PyObject *obj;
    if (kwargs != NULL && PyDict_GET_SIZE(kwargs) != 0) {
        PyErr_SetString(PyExc_TypeError, "an Encoder takes no keyword arguments");
        return NULL;
    }
    if (!PyArg_UnpackTuple(args, "Encoder", 1, 1, &obj)) {
        return NULL;
    }
    Out *out = PyMem_Malloc(sizeof(Out));
    if (out == NULL) {
        return PyErr_NoMemory();
    }
    out->data = out->stack;
    out->size = 0;
    out->capacity = STACK_BUFFER;
    out->on_heap = 0;
    PyObject *result = NULL;
    if (write_object(out, self->root, obj, 0) == 0) {
        result = PyBytes_FromStringAndSize(out->data, out->size);
    }
    if (out->on_heap) {
        PyMem_Free(out->data);
    }
    PyMem_Free(out);
    return result;
}

PyDoc_STRVAR(Encoder_doc,
             "Encoder(description)\n--\n\n"
             "Writes a model object as JSON bytes, as the reference writer does, following\n"
             "a description made by iepmodel._fastpath; raises on anything it is not sure of.");

static PyTypeObject EncoderType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "iepmodel._speedups.Encoder",
    .tp_basicsize = sizeof(Encoder),
    .tp_dealloc = (destructor)Encoder_dealloc,
    .tp_call = (ternaryfunc)Encoder_call,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = Encoder_doc,
    .tp_new = Encoder_new,
};

static struct PyModuleDef speedups_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "iepmodel._speedups",
    .m_doc = "The fast writer's encoder, in C (optional; see iepmodel._fastpath).",
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    PyDateTime_IMPORT;
    if (PyDateTimeAPI == NULL) {
        return NULL;
    }
    if (PyType_Ready(&EncoderType) < 0) {
        return NULL;
    }
    PyObject *module = PyModule_Create(&speedups_module);
    if (module == NULL) {
        return NULL;
    }
    Py_INCREF(&EncoderType);
    if (PyModule_AddObject(module, "Encoder", (PyObject *)&EncoderType) < 0) {
        Py_DECREF(&EncoderType);
        Py_DECREF(module);
        return NULL;
    }
    if (PyModule_AddIntConstant(module, "FORMAT", 1) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
