/* cli_html: the report sections (cli_section.h) as one self-contained HTML5
 * page for people — inline CSS with an A4 print stylesheet, an inline SVG
 * chart drawn here above each section that describes one (struct
 * sec_chart), every table beneath its chart, Dutch headings and the cells
 * as the table formatting gives them. No scripts, external fonts, images or
 * links: the page reads the same offline, without JavaScript, and printed.
 */
#ifndef PASSEND_CLI_HTML_H
#define PASSEND_CLI_HTML_H

#include "cli_section.h"

/* Append s with <, >, &, " and ' escaped (text and attribute values). */
__attribute__((warn_unused_result)) int html_escape(buf *out, const char *s);

/* The colour class of a signal text: 0 none/unknown, 1 green, 2 orange, 3 red
 * (struct sec_chart, SEC_CHART_BADGES). */
int html_signal_level(const char *text);

/* Append the chart of section s as an <svg> element (nothing for
 * SEC_CHART_NONE or a chart without rows); id makes its element ids
 * unique in the page. Each bar, segment and badge is one <rect>. */
__attribute__((warn_unused_result)) int html_chart(buf *out, const struct section *s, int id);

/* Append the whole page: <h1>title</h1>, the subtitle (the command that made
 * it), each section (heading, chart, table) and the footer text. */
__attribute__((warn_unused_result)) int html_report(buf *out, const char *title, const char *subtitle,
                                                    const struct section *secs, int n, const char *footer);

/* The page title of the report command ctx runs ("TLV-rapportage") and the
 * subtitle: the command line without global flags. */
void html_report_names(const struct cli_ctx *ctx, char *title, size_t tlen, char *sub, size_t slen);

#endif
