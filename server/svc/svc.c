/* svc: the one list of service areas passendd serves (service_areas) and of
 * the CSV import kinds they declare (import_kinds). A new area adds its
 * description here and its file to server/sources.cmake; a new import kind
 * its line in import_kinds (docs/import.md "Adding a kind"). */
#include "svc.h"

#include <stddef.h>

/* One area a line, so adding one is a one-line change. */
/* clang-format off */
const service *const service_areas[] = {
    &svc_area_health,
    &svc_area_platform,
    &svc_area_tenant,
    &svc_area_token,
    &svc_area_whoami,
    &svc_area_audit_event,
    &svc_area_school,
    &svc_area_schoolbestuur,
    &svc_area_gemeente,
    &svc_area_herkomst_type,
    &svc_area_telling,
    &svc_area_werkgebied,
    &svc_area_leerling,
    &svc_area_lid,
    &svc_area_rapportage_deelname,
    &svc_area_landelijk_percentage,
    &svc_area_rapportage_tlv,
    &svc_area_tlv,
    &svc_area_import,
    &svc_area_lijst,
    &svc_area_toestemming,
    &svc_area_ondersteuningsvraag,
    &svc_area_arrangement,
    &svc_area_rapportage_arrangementen,
    &svc_area_mdo,
    &svc_area_rapportage_mdo,
    &svc_area_thuiszitter_telling,
    &svc_area_thuiszitter_casus,
    &svc_area_rapportage_thuiszitters,
    &svc_area_budget,
    &svc_area_rapportage_budget,
    &svc_area_begroting,
    &svc_area_rapportage_begroting,
    &svc_area_rol,
    &svc_area_vergadering,
    &svc_area_risico,
    &svc_area_dashboard,
    &svc_area_jaarplan,
    &svc_area_jaarrekening,
    &svc_area_rapportage_jaarverslag,
    &svc_area_kengetal_config,
    &svc_area_rapportage_trimester,
    &svc_area_ledger,
    &svc_area_sync_upsert,
    &svc_area_sync_feed,
    NULL,
};

/* The import kinds of the areas (import_kind.h), one a line. */
const import_kind *const import_kinds[] = {
    &import_kind_besturen,
    &import_kind_scholen,
    &import_kind_werkgebieden,
    &import_kind_gemeenten,
    &import_kind_tellingen,
    &import_kind_tlvs,
    &import_kind_jaarplan,
    &import_kind_leerlingen,
    &import_kind_mdos,
    &import_kind_arrangementen,
    &import_kind_thuiszitter_tellingen,
    &import_kind_thuiszitter_casussen,
    &import_kind_realisatie,
    &import_kind_jaarrekening,
    NULL,
};
/* clang-format on */
