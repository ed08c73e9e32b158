/* noicu.c: libxml2 is linked statically into the tools. It converts
 * encodings with iconv and asks ICU only for those iconv lacks; these
 * stand-ins answer that ICU has none, so such a document is refused as
 * having an unsupported encoding, and the tools need no ICU (nor C++). */
#include <stddef.h>

#define U_UNSUPPORTED_ERROR 16
#define FAIL(e) do { if (e && *(e) <= 0) *(e) = U_UNSUPPORTED_ERROR; } while (0)

void *ucnv_open_72(const char *name, int *err) { (void)name; FAIL(err); return NULL; }
void ucnv_close_72(void *cnv) { (void)cnv; }
void ucnv_setToUCallBack_72(void *c, void *a, const void *b, void *d, const void **e, int *err)
{ (void)c; (void)a; (void)b; (void)d; (void)e; FAIL(err); }
void ucnv_setFromUCallBack_72(void *c, void *a, const void *b, void *d, const void **e, int *err)
{ (void)c; (void)a; (void)b; (void)d; (void)e; FAIL(err); }
void ucnv_convertEx_72(void *t, void *s, char **tg, const char *tl, const char **sr, const char *sl,
    void *pb, void **ps, void **pt, void *pl, int reset, int flush, int *err)
{ (void)t; (void)s; (void)tg; (void)tl; (void)sr; (void)sl; (void)pb; (void)ps; (void)pt; (void)pl;
  (void)reset; (void)flush; FAIL(err); }
void UCNV_FROM_U_CALLBACK_STOP_72(void) {}
void UCNV_TO_U_CALLBACK_STOP_72(void) {}
