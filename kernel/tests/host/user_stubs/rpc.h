/*
 * user_stubs/rpc.h - what the protocol headers (servers/lib/proto/) take from the runtime's
 * rpc.h, for host tests of pure client-library code: only the label bases. The real rpc.h
 * brings the system-call stubs, which are 32-bit x86 and cannot build on the host. A host
 * test that includes a protocol header puts -iquote kernel/tests/host/user_stubs before
 * servers/lib (the Makefile does, for test_user_paths).
 */
#ifndef ORRERY_HOST_STUB_RPC_H
#define ORRERY_HOST_STUB_RPC_H

#include "abi/errors.h"
#include "types.h"

#define RPC_BASE_STREAM 0x0400u
#define RPC_BASE_FS 0x0A00u

#endif
