// ProcessPrng for Wine 8 (Debian bookworm's), which lacks bcryptprimitives.dll: Rust's standard
// library (1.78+) takes its random bytes from ProcessPrng there, as on every Windows 10 and
// later, so a Rust .exe does not even load under Wine 8 without it. The smoke tests put this
// DLL beside nianbao.exe; it is never shipped (Windows has the real one). It forwards to
// RtlGenRandom (advapi32's SystemFunction036), which Wine implements.
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len > 0) {
    ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
    if (!SystemFunction036(data, chunk)) {
      return FALSE;
    }
    data += chunk;
    len -= chunk;
  }
  return TRUE;
}
