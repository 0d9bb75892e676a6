/*
 * termios.h — the terminal's modes as Linux i386 passes them to TCGETS and
 * TCSETS (asm-generic/termbits.h): struct termios, its flag bits and the
 * indexes of c_cc, with Linux's values.  kernel/tty.c honours the ones
 * docs/syscalls.md ("Terminal") lists; the others are kept and given back.
 */
#ifndef UAPI_TERMIOS_H
#define UAPI_TERMIOS_H

typedef unsigned char cc_t;
typedef unsigned int tcflag_t;

#define NCCS 19

/* The kernel's layout (36 bytes): no speed fields, unlike glibc's. */
struct termios {
	tcflag_t c_iflag; /* input: CR and NL mapping, stripping */
	tcflag_t c_oflag; /* output: NL to CR NL */
	tcflag_t c_cflag; /* the line: speed, size (kept, not used) */
	tcflag_t c_lflag; /* local: canonical, echo, signals */
	cc_t c_line;
	cc_t c_cc[NCCS];  /* the special characters; 0 disables one */
};

/* c_cc indexes. */
#define VINTR 0
#define VQUIT 1
#define VERASE 2
#define VKILL 3
#define VEOF 4
#define VTIME 5 /* non-canonical: tenths of a second */
#define VMIN 6	/* non-canonical: bytes a read waits for */
#define VSWTC 7
#define VSTART 8
#define VSTOP 9
#define VSUSP 10
#define VEOL 11
#define VREPRINT 12
#define VDISCARD 13
#define VWERASE 14
#define VLNEXT 15
#define VEOL2 16

/* c_iflag */
#define IGNBRK 0000001
#define BRKINT 0000002
#define IGNPAR 0000004
#define PARMRK 0000010
#define INPCK 0000020
#define ISTRIP 0000040
#define INLCR 0000100
#define IGNCR 0000200
#define ICRNL 0000400
#define IUCLC 0001000
#define IXON 0002000
#define IXANY 0004000
#define IXOFF 0010000
#define IMAXBEL 0020000
#define IUTF8 0040000

/* c_oflag */
#define OPOST 0000001
#define OLCUC 0000002
#define ONLCR 0000004
#define OCRNL 0000010
#define ONOCR 0000020
#define ONLRET 0000040

/* c_cflag */
#define CBAUD 0010017
#define B9600 0000015
#define B38400 0000017
#define CSIZE 0000060
#define CS8 0000060
#define CSTOPB 0000100
#define CREAD 0000200
#define PARENB 0000400
#define HUPCL 0002000
#define CLOCAL 0004000

/* c_lflag */
#define ISIG 0000001
#define ICANON 0000002
#define XCASE 0000004
#define ECHO 0000010
#define ECHOE 0000020
#define ECHOK 0000040
#define ECHONL 0000100
#define NOFLSH 0000200
#define TOSTOP 0000400
#define ECHOCTL 0001000
#define ECHOPRT 0002000
#define ECHOKE 0004000
#define FLUSHO 0010000
#define PENDIN 0040000
#define IEXTEN 0100000

/* TCFLSH's argument (and tcflush's queue selector). */
#define TCIFLUSH 0
#define TCOFLUSH 1
#define TCIOFLUSH 2

#endif
