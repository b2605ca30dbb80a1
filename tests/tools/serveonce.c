/* serveonce: a TCP server for one connection, for a container's published
 * port (tests/vm/303): the BusyBox image has no nc -l.
 *
 *   serveonce PORT TEXT   listens on PORT (all addresses), writes an HTTP
 *                         response with TEXT to the first connection, exits */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tool.h"

static int listen_on(long port)
{
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port) };
	int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		tool_syserr("socket");
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 1) < 0) {
		tool_syserr("bind/listen on port %ld", port);
		return -1;
	}
	return fd;
}

int main(int argc, char **argv)
{
	char reply[512], request[1024];
	long port;
	int fd, conn, len;

	if (argc != 3 || (port = tool_parse_long(argv[1], 1, 65535)) < 0) {
		fprintf(stderr, "usage: serveonce PORT TEXT\n");
		return 2;
	}
	if ((fd = listen_on(port)) < 0)
		return 1;
	if ((conn = accept(fd, NULL, NULL)) < 0) {
		tool_syserr("accept");
		return 1;
	}
	if (read(conn, request, sizeof request) < 0)
		tool_syserr("read");
	len = snprintf(reply, sizeof reply, "HTTP/1.0 200 OK\r\nContent-Length: %zu\r\n\r\n%s\n",
		       strlen(argv[2]) + 1, argv[2]);
	if (len < 0 || (size_t)len >= sizeof reply || write(conn, reply, (size_t)len) != len) {
		tool_syserr("write");
		return 1;
	}
	close(conn);
	return 0;
}
