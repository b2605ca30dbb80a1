#include "system_setup.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"

void setup_environment(void)
{
	struct stat st;
	const char *home = stat("/root", &st) == 0 && S_ISDIR(st.st_mode) ? "/root" : "/";

	umask(022);
	/* setenv fails only without memory; the kernel's values stay then. */
	if (setenv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", 1) < 0 ||
	    setenv("HOME", home, 1) < 0 || setenv("TERM", "linux", 0) < 0 ||
	    setenv("SHELL", "/bin/sh", 1) < 0)
		log_syserr("setenv");
	if (chdir(home) < 0)
		log_syserr("chdir %s", home);
}

void setup_hostname(void)
{
	char name[65] = "ebb";
	int fd = open("/etc/hostname", O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd >= 0) {
		ssize_t n = read(fd, name, sizeof name - 1);

		close(fd);
		if (n > 0) {
			name[n] = '\0';
			name[strcspn(name, " \t\r\n")] = '\0';
		}
		if (n <= 0 || name[0] == '\0')
			strcpy(name, "ebb");
	} else if (errno != ENOENT) {
		log_syserr("open /etc/hostname");
	}
	if (sethostname(name, strlen(name)) < 0)
		log_syserr("sethostname %s", name);
}

void setup_loopback(void)
{
	struct ifreq req;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		if (errno == EAFNOSUPPORT)
			log_info("no IPv4 in this kernel; lo left down");
		else
			log_syserr("socket for lo");
		return;
	}
	memset(&req, 0, sizeof req);
	strcpy(req.ifr_name, "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &req) < 0) {
		log_syserr("SIOCGIFFLAGS lo");
	} else {
		req.ifr_flags |= IFF_UP | IFF_RUNNING;
		if (ioctl(fd, SIOCSIFFLAGS, &req) < 0)
			log_syserr("SIOCSIFFLAGS lo");
	}
	close(fd);
}
