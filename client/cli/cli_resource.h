/* cli_resource: objects described in tables. One struct cli_resource per
 * object (school, gemeente, tenant, …) names its service, its message, its
 * natural keys, the columns of its list table and its verbs; each verb is a
 * method of the service plus a flag table that maps flags to request fields.
 * The generic commands (create, list, show, update, act, set) are built from
 * these tables with the public passend_call_unary; a verb does more only
 * through its check/print hooks or its own handler. Flag names, the objects
 * they name, metavars and column headers are derived from the descriptors
 * (CLI_FIELD, .cols; D61). How to add an object: docs/decisions.md, "The
 * CLI describes resources in tables" (D27) and D61.
 */
#ifndef PASSEND_CLI_RESOURCE_H
#define PASSEND_CLI_RESOURCE_H

#include "cli.h"

/* A flag of a resource verb written as its field and its help: the rest
 * comes from the request's descriptor (D61). Its name is the field's last
 * path element without _id/_ids/_cents, '_' as '-' ("school_id":
 * --school); an _id(s) field names the object of that command name, or
 * whose list rows are that message, when it can be named by a key
 * ("school_id": `bestuur school`); a _cents field is an amount typed in
 * euros (cli_set_euro). Its metavar is the named object's, EURO for an
 * amount, else by the field's type: YYYY-MM-DD (Date), MM-DD (MonthDay), N
 * (integers), DECIMAL (Decimal), none (bool: a switch), else the name
 * upper-cased. Members given after the help (.metavar, .ref, .on,
 * .required, …) are kept; a flag whose name is not the derived one is
 * written out as a full row. */
#define CLI_FIELD(path, text, ...)                                                                           \
	{                                                                                                    \
		.field = path, .help = text, __VA_ARGS__                                                     \
	}

/* --schooljaar of a report or an overview: required, two consecutive years
 * (checked before anything is sent), into the request's schooljaar;
 * example: the year in its help ("2016-2017"). */
#define CLI_SCHOOLJAAR_FLAG(example)                                                                         \
	{                                                                                                    \
		"schooljaar", "YYYY-YYYY", "school year, e.g. " example,                                     \
		    .field = "schooljaar", .required = CLI_CALL, .set = cli_set_schooljaar                   \
	}

/* The positional argument of a verb: none, or the object's natural key/id. */
#define CLI_NO_ARG ""

/* One command of an object. */
struct cli_verb {
	unsigned kind;      /* CLI_CREATE, CLI_SHOW, CLI_LIST, CLI_UPDATE, CLI_ACT or CLI_CALL */
	const char *name;   /* the command word: "create", "revoke", "besluit" */
	const char *method; /* RPC of the resource's service, e.g. "CreateSchool" */
	/* flags -> request fields; may be NULL; ends with {0}; rows without a
	 * name are CLI_FIELD rows, completed from the descriptor */
	const struct cli_flag *flags;
	const char *summary;
	const char *description; /* who may call it and what it prints */
	const char *examples;
	/* Field of the positional argument: default "id" for show, update
	 * (on the object) and act; none for the others; CLI_NO_ARG = none. */
	const char *arg;
	const char *arg_metavar; /* its name in usage; NULL = the resource's metavar */
	int literal_arg;         /* the argument is a value (a code), not a key to resolve */
	/* Extra rules once the flags are read, before anything is sent:
	 * returns 0 or an exit code. */
	int (*check)(struct cli_form *form);
	/* Print the response instead of printing it as one message. */
	int (*print)(struct cli_ctx *ctx, const ProtobufCMessage *resp);
	cli_handler handler; /* a command of its own instead of the generic one */
	/* --output html: 1 = print prints sections through sec_report_print
	 * (cli_section.h), -1 = not, 0 = as the resource's html says. */
	int html;
};

/* A column of the default list table. The object's id and the ids behind
 * its reference columns need no column of their own: --output wide adds
 * them after the listed columns (cli_res_columns) unless a column lists
 * them. */
struct cli_column {
	const char *field;              /* dotted field path in the object */
	const char *header;             /* NULL = the field name upper-cased */
	const struct cli_resource *ref; /* the field holds ids of ref: show their labels */
	int wide;                       /* only with --output wide */
	proto_cell_fn text;             /* own cell text (proto_print.h); NULL = the field's value */
};

struct cli_resource {
	/* Its node in the command tree: name, summary, optional description,
	 * and .resource pointing back here; the verbs are its commands, their
	 * first examples its examples. */
	struct cli_cmd cmd;
	const char *metavar; /* "BESTUUR": its name in usage and help; NULL = its command name upper-cased */
	const char *names;   /* how a person names one: "BRIN (00LH), BRIN+vestiging (00LH00), name or id" */
	const ProtobufCServiceDescriptor *service;
	const char *list_all; /* bool field of its List request that includes inactive rows, for lookups */
	/* Natural keys tried in order, each a template of fields:
	 * "{brin}{vestiging}", "{bevoegd_gezag_nummer}", "{name}". */
	const char *keys[4];
	const char *label; /* how a reference reads in a table: "{name}"; NULL = no lookup */
	/* The default list table, as the field names a person reads (D61):
	 * "brin vestiging:VEST name +so_cluster:CLUSTER schoolbestuur_id:BESTUUR".
	 * +field: only with --output wide; field:HEADER: its header (default the
	 * field upper-cased); an _id(s) field shows the labels of the object it
	 * names (as a CLI_FIELD flag's; header: the name, "SCHOOL"), field>obj
	 * those of the object of command name obj, field# the id itself; a
	 * _cents field is euros (cli_euro_cell; header without _CENTS). */
	const char *cols;
	/* The same as a table, for columns with a cell function of their own;
	 * NULL (and no cols) = every field. */
	const struct cli_column *columns;
	const struct cli_verb *verbs; /* ends with {0} */
	int html; /* its verbs with a print hook take --output html (a verb may say otherwise) */
};

/* The columns of res's list table as written: .columns, or .cols read
 * into columns (once; kept for the run). NULL when it has neither (or out
 * of memory). */
const struct cli_column *cli_res_own_columns(const struct cli_resource *res);
/* res's name in usage and help: its .metavar, or its command name
 * upper-cased ("SCHOOL"; made once, kept for the run). */
const char *cli_res_metavar(const struct cli_resource *res);
/* The message of res's objects: the rows of its List verb (NULL without
 * one). Its create and update requests carry it in the field of that type. */
const ProtobufCMessageDescriptor *cli_res_item(const struct cli_resource *res);
/* The method of res's List verb, used to resolve keys and name references,
 * or NULL. */
const char *cli_res_list_method(const struct cli_resource *res);
/* The columns of res's list table into out (at most cap): its own, then the
 * ones --output wide adds by themselves: the object's "id" and the field of
 * each reference column, each unless a column without reference lists it.
 * Returns the count (0 when res has no table). */
size_t cli_res_columns(const struct cli_resource *res, struct cli_column *out, size_t cap);
/* "bestuur school": the command path of res under ctx's root, into dst.
 * Returns dst ("" when res is not in the tree). */
const char *cli_res_path(const struct cli_ctx *ctx, const struct cli_resource *res, char *dst, size_t len);

/* The command of verb number i of res into *tmp (name, texts, flags, the
 * generic handler), or NULL past the last verb. */
const struct cli_cmd *cli_verb_cmd(const struct cli_resource *res, size_t i, struct cli_cmd *tmp);
/* cmd itself, or — when cmd is an object node whose only verb bears the
 * object's name (`toezicht dashboard`) — that verb's command made into
 * *tmp: such an object is one command, not a group of one. NULL for NULL. */
const struct cli_cmd *cli_own_verb_cmd(const struct cli_cmd *cmd, struct cli_cmd *tmp);
/* The generic handler of every verb command. */
__attribute__((warn_unused_result)) int cli_verb_run(struct cli_ctx *ctx);
/* Help sections of an object node or verb command (cli_print_help): how its
 * objects are named, and the columns of a list. */
void cli_resource_help(FILE *fp, const struct cli_cmd *cmd);
/* The examples of an object node: the first example of each verb. */
void cli_resource_examples(FILE *fp, const struct cli_resource *res);

/* --- filling a request from flags (cli_form.c) ------------------------------------ */

#define CLI_FORM_MAX_REFS 64
#define CLI_FORM_MAX_MASK 32

/* A request being built from the command line. */
struct cli_form {
	struct cli_ctx *ctx;
	unsigned kind;         /* verb kind, or every kind for plain commands */
	ProtobufCMessage *req; /* the request (owned: malloc'd throughout, freed by cli_form_free) */
	ProtobufCMessage *obj; /* where object fields go: the object inside req, or req */
	struct {               /* strings that hold a natural key until cli_form_resolve */
		ProtobufCMessage *msg;
		const ProtobufCFieldDescriptor *field;
		size_t index; /* element of a repeated field */
		const struct cli_resource *res;
	} refs[CLI_FORM_MAX_REFS];
	size_t nrefs;
	const char *mask[CLI_FORM_MAX_MASK]; /* update: the fields to change */
	size_t nmask;
	char mask_store[512]; /* the mask's strings */
};

/* Start a request of type desc for ctx's command; with object != NULL (a
 * field of desc) the object is created inside it and object fields go there.
 * Returns 0 or an exit code. */
__attribute__((warn_unused_result)) int cli_form_init(struct cli_form *f, struct cli_ctx *ctx,
                                                      const ProtobufCMessageDescriptor *desc,
                                                      const char *object);
void cli_form_free(struct cli_form *f);
/* Convert every flag of ctx's command that has a field (or its own set
 * function); check required flags, flags that exclude each other, apply
 * defaults, and (update) collect the mask. Only syntax is checked here:
 * nothing is sent. Returns 0 or an exit code (usage error printed). */
__attribute__((warn_unused_result)) int cli_form_read(struct cli_form *f);
/* Set the dotted field of m (req when NULL) from text value as a flag value
 * would be (flag for messages; ref: a key to resolve). Returns 0 or an
 * exit code. */
__attribute__((warn_unused_result)) int cli_form_set(struct cli_form *f, ProtobufCMessage *m,
                                                     const char *path, const char *value,
                                                     const struct cli_flag *flag);
/* Append a new element to the repeated message field at the dotted path of
 * m (req when NULL). Returns 0 and *el (owned by the request), or an exit
 * code. */
__attribute__((warn_unused_result)) int cli_form_add(struct cli_form *f, ProtobufCMessage *m,
                                                     const char *path, ProtobufCMessage **el);
/* Add field to the update mask (once). Returns 0 or an exit code. */
__attribute__((warn_unused_result)) int cli_form_mask(struct cli_form *f, const char *field);
/* Empty the dotted field of m (req when NULL) and forget the keys inside
 * it: for check hooks that drop a part of the request. */
void cli_form_drop(struct cli_form *f, ProtobufCMessage *m, const char *path);
/* A cli_set_fn: an amount in euros as cli_parse_euro reads it ("1.234,56")
 * into the int64 cents of flag->field (of the object on create and update,
 * else of the request). Returns 0 or an exit code (usage error printed). */
__attribute__((warn_unused_result)) int cli_set_euro(struct cli_form *f, const struct cli_flag *flag,
                                                     const char *value);
/* The same for one amount of a composite value: the euros `value` (of flag
 * --flag, named in the error) as int64 cents into the dotted field of m (req
 * when NULL). Returns 0 or an exit code. */
__attribute__((warn_unused_result)) int cli_form_set_euro(struct cli_form *f, ProtobufCMessage *m,
                                                          const char *flag, const char *path,
                                                          const char *value);
/* A value of two parts "A<sep>B" (--expert NAME:DISCIPLINE) as a new element
 * of the repeated message field path of m (req when NULL): A into its field
 * first, B into second; it splits at the last sep, so A may hold others.
 * Anything else is a usage error naming fl's metavar. Returns 0 or an exit
 * code. */
__attribute__((warn_unused_result)) int cli_form_add_pair(struct cli_form *f, ProtobufCMessage *m,
                                                          const struct cli_flag *fl, const char *value,
                                                          char sep, const char *path, const char *first,
                                                          const char *second);
/* A cli_set_fn: a school year of two consecutive years ("2016-2017",
 * cli_parse_schooljaar) into flag->field; anything else is a usage error
 * before anything is sent. */
__attribute__((warn_unused_result)) int cli_set_schooljaar(struct cli_form *f, const struct cli_flag *flag,
                                                           const char *value);
/* Make the request ready to send: resolve every natural key in it to its id
 * (List calls, once per resource) and write the update mask. Returns 0 or
 * an exit code. */
__attribute__((warn_unused_result)) int cli_form_finish(struct cli_form *f);

/* Dotted-path access to a message: the field of path, with *owner set to
 * the (sub)message holding it; submessages on the way are created when
 * create != 0. Returns the field, or NULL (no such field, an unset
 * submessage without create, or out of memory). */
const ProtobufCFieldDescriptor *cli_msg_field(ProtobufCMessage *m, const char *path, int create,
                                              ProtobufCMessage **owner);
/* A new message of type d (malloc'd, initialised), or NULL. */
ProtobufCMessage *cli_msg_new(const ProtobufCMessageDescriptor *d);
/* The string values of the dotted field (one, or each element of a
 * repeated field); *n = 0 when absent. The pointers stay owned by m. */
char *const *cli_msg_strings(const ProtobufCMessage *m, const char *path, size_t *n);

/* --- natural keys (cli_keys.c) ---------------------------------------------------- */

/* The key template tmpl ("{brin}{vestiging}") filled from m into out.
 * Returns 0 or -1. */
__attribute__((warn_unused_result)) int cli_key_text(buf *out, const ProtobufCMessage *m, const char *tmpl);
/* Find the rows that key names: the first of res->keys that matches any row
 * (case-insensitive) decides. Fills match[0..cap-1] with row indexes and
 * returns the number of matches (0: none). */
size_t cli_key_find(const struct cli_resource *res, const ProtobufCMessage *const *rows, size_t n,
                    const char *key, size_t *match, size_t cap);
/* Every object of res, fetched once per invocation. Returns 0 and *lk, or
 * an exit code (the error printed once; quiet: not printed). */
__attribute__((warn_unused_result)) int cli_lookup(struct cli_ctx *ctx, const struct cli_resource *res,
                                                   int quiet, struct cli_lookup **lk);
/* The id of the object of res that key names (a UUID is taken as it is).
 * Unknown or ambiguous keys are usage errors naming the candidates.
 * Returns 0 and *id (malloc'd), or an exit code. */
__attribute__((warn_unused_result)) int cli_resolve(struct cli_ctx *ctx, const struct cli_resource *res,
                                                    const char *key, char **id);
/* Free ctx's lookups. */
void cli_lookups_free(struct cli_ctx *ctx);

/* --- lists (cli_list.c) ---------------------------------------------------------- */

/* Fetches a List call page after page. */
struct cli_pager {
	struct cli_ctx *ctx;
	const ProtobufCServiceDescriptor *service;
	const ProtobufCMethodDescriptor *method;
	ProtobufCMessage *req;                   /* the request (not owned) */
	Passend__V1__PageRequest *page;          /* its PageRequest, NULL when unpaged */
	const ProtobufCMessageDescriptor *item;  /* the rows' message */
	const ProtobufCFieldDescriptor *items_f; /* the response's repeated rows */
	const ProtobufCFieldDescriptor *next_f;  /* its next_page_token, or NULL */
	char *token;                             /* the next page's token */
	int done;                                /* no more pages */
	int quiet;                               /* print nothing on failure */
};

/* Prepare a pager for `method` of `service` with request req (owned by the
 * caller; its `page` field is set here) whose responses carry rows of
 * message item. page_size 0 = the server's. Returns 0 or an exit code. */
__attribute__((warn_unused_result)) int cli_pager_init(struct cli_pager *pg, struct cli_ctx *ctx,
                                                       const ProtobufCServiceDescriptor *service,
                                                       const char *method, ProtobufCMessage *req,
                                                       const ProtobufCMessageDescriptor *item,
                                                       int32_t page_size);
/* Fetch the next page: *resp (caller frees) or NULL when there are no more.
 * Returns 0 or an exit code. */
__attribute__((warn_unused_result)) int cli_pager_next(struct cli_pager *pg, ProtobufCMessage **resp);
/* The rows of a response of the pager. */
ProtobufCMessage *const *cli_pager_rows(const struct cli_pager *pg, const ProtobufCMessage *resp, size_t *n);
void cli_pager_free(struct cli_pager *pg);

/* Print every row of a List call (honouring --page-size and --limit) as one
 * list: a table of res's columns (all fields with --output wide's ids),
 * or every field as CSV or JSON. Returns an exit code. */
__attribute__((warn_unused_result)) int cli_list_print(struct cli_ctx *ctx, const struct cli_resource *res,
                                                       const char *method, ProtobufCMessage *req);

/* Print one object of res (a show, or the result of a create or update):
 * in a table every field, each reference followed by the referenced
 * object's label; else as cli_print_one. Returns an exit code. */
__attribute__((warn_unused_result)) int cli_print_object(struct cli_ctx *ctx, const struct cli_resource *res,
                                                         const ProtobufCMessage *msg);

/* The label of the object of res with id `id` (its .label template) into
 * out, or the id itself when it cannot be looked up (e.g. the role may not
 * list them). Returns 0 or -1 (out of memory). */
__attribute__((warn_unused_result)) int cli_ref_label(buf *out, struct cli_ctx *ctx,
                                                      const struct cli_resource *res, const char *id);
/* A proto_cell_fn: the int64 cents of the column's field as euros in Dutch
 * notation ("1.234,56"), for the .text of a cli_column. */
int cli_euro_cell(buf *out, const ProtobufCMessage *m, const struct proto_column *pc);
/* The printers of the dashboard (a Dashboard) and the jaarplan's KPI
 * progress (a JaarplanVoortgang), titled sections as the reports
 * (cli_rapport.c). Return an exit code. */
__attribute__((warn_unused_result)) int cli_print_dashboard(struct cli_ctx *ctx, const ProtobufCMessage *msg);
__attribute__((warn_unused_result)) int cli_print_voortgang(struct cli_ctx *ctx, const ProtobufCMessage *msg);
/* Their flags: --schooljaar and --trimester 0-3 (0: the whole year). */
extern const struct cli_flag cli_voortgang_flags[];
/* cli_trimester.c: the trimesterrapportage and its narrative versions. */
__attribute__((warn_unused_result)) int cli_print_trimester(struct cli_ctx *ctx, const ProtobufCMessage *msg);
__attribute__((warn_unused_result)) int cli_print_trimester_teksten(struct cli_ctx *ctx,
                                                                    const ProtobufCMessage *msg);

/* --- objects (one file per service area) ----------------------------------------- */

extern const struct cli_resource cli_res_tenant;             /* cli_tenancy.c: admin tenant */
extern const struct cli_resource cli_res_audit;              /* cli_tenancy.c: audit */
extern const struct cli_resource cli_res_school;             /* cli_bestuur.c: bestuur school */
extern const struct cli_resource cli_res_schoolbestuur;      /* cli_bestuur.c: bestuur schoolbestuur */
extern const struct cli_resource cli_res_begroting;          /* cli_begroting.c: begroting versie */
extern const struct cli_resource cli_res_gemeente;           /* cli_bestuur.c: bestuur gemeente */
extern const struct cli_resource cli_res_werkgebied;         /* cli_werkgebied.c: werkgebied */
extern const struct cli_resource cli_res_leerling;           /* cli_werkgebied.c: leerling */
extern const struct cli_resource cli_res_lijst;              /* cli_ondersteuning.c: lijst */
extern const struct cli_resource cli_res_toestemming;        /* cli_ondersteuning.c: toestemming */
extern const struct cli_resource cli_res_vraag;              /* cli_ondersteuning.c: vraag */
extern const struct cli_resource cli_res_mdo;                /* cli_ondersteuning.c: mdo */
extern const struct cli_resource cli_res_arrangement;        /* cli_arrangement.c: arrangement */
extern const struct cli_cmd cli_cmd_budget;                  /* cli_budget.c: budget jaar, mutatie, uitgave */
extern const struct cli_resource cli_res_tlv;                /* cli_tlv.c: tlv */
extern const struct cli_resource cli_res_rapport;            /* cli_rapport.c: rapport */
extern const struct cli_resource cli_res_landelijk;          /* cli_rapport.c: admin landelijk */
extern const struct cli_resource cli_res_jaarrekening;       /* cli_jaarrekening.c: bestuur jaarrekening */
extern const struct cli_resource cli_res_kengetal_definitie; /* cli_jaarrekening.c: admin kengetal */
extern const struct cli_resource cli_res_grootteklasse;      /* cli_jaarrekening.c: admin grootteklasse */
extern const struct cli_resource
    cli_res_signaleringswaarde; /* cli_jaarrekening.c: admin signaleringswaarde */

#endif
