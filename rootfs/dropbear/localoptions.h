/* Dropbear for ebb's dev VM (build.sh dropbear): an SSH server reached
 * with keys only, small. Dropbear reads this over its default_options.h. */

/* Key-only login: no passwords at all (the image has no root password). */
#define DROPBEAR_SVR_PASSWORD_AUTH 0
#define DROPBEAR_SVR_PUBKEY_AUTH 1

/* Host keys: ed25519, generated at first boot. Users' keys: ed25519 or
 * RSA (ssh-keygen's default on Debian 12). ECDSA (and ECDH key exchange)
 * would add 13 KiB of elliptic-curve code and push Dropbear over the
 * issue's 300 KiB; DSS is long obsolete. */
#define DROPBEAR_ED25519 1
#define DROPBEAR_ECDSA 0
#define DROPBEAR_RSA 1
#define DROPBEAR_DSS 0
/* FIDO keys need a security key on the client: rare in a dev VM. */
#define DROPBEAR_SK_KEYS 0

/* Modern algorithms only: what OpenSSH 8+ offers first. */
#define DROPBEAR_CHACHA20POLY1305 1
#define DROPBEAR_AES128 1
#define DROPBEAR_AES256 1
#define DROPBEAR_ENABLE_CTR_MODE 1
#define DROPBEAR_3DES 0
#define DROPBEAR_SHA1_HMAC 0
#define DROPBEAR_SHA2_256_HMAC 1
#define DROPBEAR_RSA_SHA1 0
#define DROPBEAR_DH_GROUP14_SHA1 0
#define DROPBEAR_DH_GROUP14_SHA256 1
#define DROPBEAR_CURVE25519 1
#define DROPBEAR_ECDH 0

/* Port forwarding (ssh -L/-R) is what dev-VM users tunnel with; X11 and
 * agent forwarding need programs the image does not have. */
#define DROPBEAR_X11FWD 0
#define DROPBEAR_SVR_AGENTFWD 0
#define DROPBEAR_SVR_LOCALTCPFWD 1
#define DROPBEAR_SVR_REMOTETCPFWD 1

/* No sftp-server in the image (scp -O uses Dropbear's own scp). */
#define DROPBEAR_SFTPSERVER 0
#define DO_MOTD 0
/* BusyBox's applets live in all four directories. */
#define DEFAULT_PATH "/usr/bin:/bin:/usr/sbin:/sbin"
