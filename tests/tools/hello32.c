/* hello32: a static 32-bit (i386) program, as old toolchains and Steam's
 * runtime ship them: it runs only on a kernel with IA32 emulation. No C
 * library (none for i386 here): write(2) and exit(2) through int $0x80.
 *
 *   hello32            prints "hello from i386" and exits with status 32 */
static long i386_syscall(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return ret;
}

enum { I386_EXIT = 1, I386_WRITE = 4 };

void _start(void)
{
	static const char msg[] = "hello from i386\n";

	i386_syscall(I386_WRITE, 1, (long)msg, sizeof msg - 1);
	for (;;)
		i386_syscall(I386_EXIT, 32, 0, 0);
}
