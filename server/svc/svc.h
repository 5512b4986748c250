/* svc: the services passendd serves. Each area has one file under svc/ that
 * defines its handlers and exports one description (its methods and its
 * statements); svc.c lists the areas in service_areas (service.h). */
#ifndef PASSEND_SVC_H
#define PASSEND_SVC_H

#include "import_kind.h"
#include "service.h"

extern const service svc_area_health;
extern const service svc_area_platform;
extern const service svc_area_tenant;
extern const service svc_area_token;
extern const service svc_area_whoami;
extern const service svc_area_audit_event;
extern const service svc_area_school;
extern const service svc_area_schoolbestuur;
extern const service svc_area_gemeente;
extern const service svc_area_herkomst_type;
extern const service svc_area_telling;
extern const service svc_area_werkgebied;
extern const service svc_area_leerling;
extern const service svc_area_lid;
extern const service svc_area_rapportage_deelname;
extern const service svc_area_landelijk_percentage;
extern const service svc_area_rapportage_tlv;
extern const service svc_area_tlv;
extern const service svc_area_import;
extern const service svc_area_lijst;
extern const service svc_area_toestemming;
extern const service svc_area_ondersteuningsvraag;
extern const service svc_area_arrangement;
extern const service svc_area_rapportage_arrangementen;
extern const service svc_area_mdo;
extern const service svc_area_rapportage_mdo;
extern const service svc_area_thuiszitter_telling;
extern const service svc_area_thuiszitter_casus;
extern const service svc_area_rapportage_thuiszitters;
extern const service svc_area_budget;
extern const service svc_area_rapportage_budget;
extern const service svc_area_begroting;
extern const service svc_area_rapportage_begroting;
extern const service svc_area_rol;
extern const service svc_area_vergadering;
extern const service svc_area_risico;
extern const service svc_area_dashboard;
extern const service svc_area_jaarplan;
extern const service svc_area_jaarrekening;
extern const service svc_area_rapportage_jaarverslag;
extern const service svc_area_kengetal_config;
extern const service svc_area_rapportage_trimester;
extern const service svc_area_ledger;
extern const service svc_area_sync_upsert;
extern const service svc_area_sync_feed;

/* The CSV import kinds the areas declare (import_kind.h), each defined in
 * its area's file; import.c finds them in import_kinds (svc.c). */
extern const import_kind import_kind_besturen;
extern const import_kind import_kind_scholen;
extern const import_kind import_kind_werkgebieden;
extern const import_kind import_kind_gemeenten;
extern const import_kind import_kind_tellingen;
extern const import_kind import_kind_tlvs;
extern const import_kind import_kind_jaarplan;
extern const import_kind import_kind_leerlingen;
extern const import_kind import_kind_mdos;
extern const import_kind import_kind_arrangementen;
extern const import_kind import_kind_thuiszitter_tellingen;
extern const import_kind import_kind_thuiszitter_casussen;
extern const import_kind import_kind_realisatie;
extern const import_kind import_kind_jaarrekening;
/* Every import kind, NULL-terminated (svc.c). */
extern const import_kind *const import_kinds[];

#endif
