/* vsockcheck: the AF_VSOCK socket calls WSL's init makes before it talks
 * to the Windows service (socket, then bind and listen on a port), on
 * whichever transport the kernel has; under QEMU there is none, and
 * af_vsock still takes these calls.
 *
 *   vsockcheck PORT      prints "vsock: listening on port PORT" */
#include <linux/vm_sockets.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tool.h"

int main(int argc, char **argv)
{
	struct sockaddr_vm addr;
	long port;
	int fd;

	if (argc != 2 || (port = tool_parse_long(argv[1], 1, 0x7fffffff)) < 0) {
		fprintf(stderr, "usage: vsockcheck PORT\n");
		return 2;
	}
	fd = socket(AF_VSOCK, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		tool_syserr("socket(AF_VSOCK)");
		return 1;
	}
	memset(&addr, 0, sizeof addr);
	addr.svm_family = AF_VSOCK;
	addr.svm_cid = VMADDR_CID_ANY;
	addr.svm_port = (unsigned)port;
	if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
		tool_syserr("bind(AF_VSOCK, port %ld)", port);
		return 1;
	}
	if (listen(fd, 1) < 0) {
		tool_syserr("listen(AF_VSOCK)");
		return 1;
	}
	printf("vsock: listening on port %ld\n", port);
	close(fd);
	return 0;
}
