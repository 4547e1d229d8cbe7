#ifndef QT_COPENSSL_SHIM_H
#define QT_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/crypto.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

/* Macros Swift cannot import, as functions. */

static inline int qt_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}

static inline long qt_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}

/* Partial writes and a moving buffer suit a caller that retries with whatever is left, from a
   fresh Swift array; released buffers keep thousands of idle connections cheap. */
static inline void qt_SSL_CTX_set_nonblocking_modes(SSL_CTX *ctx) {
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER
                          | SSL_MODE_RELEASE_BUFFERS);
}

/* Peers that close TCP without close_notify are common; framing (Content-Length, chunked,
   WebSocket close) is what detects truncation here, so EOF reads as an ordinary end. */
static inline void qt_SSL_CTX_ignore_unexpected_eof(SSL_CTX *ctx) {
    SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF | SSL_OP_NO_RENEGOTIATION);
}

static inline int qt_ERR_is_http_request(unsigned long code) {
    return ERR_GET_LIB(code) == ERR_LIB_SSL
        && (ERR_GET_REASON(code) == SSL_R_HTTP_REQUEST || ERR_GET_REASON(code) == SSL_R_HTTPS_PROXY_REQUEST);
}

static inline int qt_ERR_is_key_mismatch(unsigned long code) {
    return ERR_GET_LIB(code) == ERR_LIB_X509
        && (ERR_GET_REASON(code) == X509_R_KEY_VALUES_MISMATCH || ERR_GET_REASON(code) == X509_R_KEY_TYPE_MISMATCH);
}

/* The server speaks HTTP/1.1 only: pick it when offered, otherwise carry on without ALPN. */
static inline int qt_alpn_select_http11(SSL *ssl, const unsigned char **out, unsigned char *outlen,
                                 const unsigned char *in, unsigned int inlen, void *arg) {
    static const unsigned char http11[] = { 8, 'h', 't', 't', 'p', '/', '1', '.', '1' };
    (void)ssl; (void)arg;
    unsigned char *selected = NULL;
    if (SSL_select_next_proto(&selected, outlen, http11, sizeof http11, in, inlen) == OPENSSL_NPN_NEGOTIATED) {
        *out = selected;
        return SSL_TLSEXT_ERR_OK;
    }
    return SSL_TLSEXT_ERR_NOACK;
}

static inline void qt_SSL_CTX_select_http11(SSL_CTX *ctx) {
    SSL_CTX_set_alpn_select_cb(ctx, qt_alpn_select_http11, NULL);
}

/* A socket BIO that sends with MSG_NOSIGNAL. OpenSSL's own socket BIO uses write(2), which
   raises SIGPIPE (and kills the process) when the peer has reset; a library must not ask its
   host to ignore that signal. The descriptor is non-blocking: EAGAIN becomes a retry. */

static inline int qt_nosig_write(BIO *bio, const char *data, int length) {
    int fd = (int)(intptr_t)BIO_get_data(bio);
    BIO_clear_retry_flags(bio);
    ssize_t sent = send(fd, data, (size_t)length, MSG_NOSIGNAL);
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) BIO_set_retry_write(bio);
    return (int)sent;
}

static inline int qt_nosig_read(BIO *bio, char *data, int length) {
    int fd = (int)(intptr_t)BIO_get_data(bio);
    BIO_clear_retry_flags(bio);
    ssize_t count = recv(fd, data, (size_t)length, 0);
    if (count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) BIO_set_retry_read(bio);
    return (int)count;
}

static inline int qt_nosig_puts(BIO *bio, const char *text) {
    return qt_nosig_write(bio, text, (int)strlen(text));
}

static inline long qt_nosig_ctrl(BIO *bio, int command, long number, void *pointer) {
    (void)number;
    switch (command) {
    case BIO_CTRL_FLUSH:
        return 1;
    case BIO_C_GET_FD:
        if (pointer != NULL) *(int *)pointer = (int)(intptr_t)BIO_get_data(bio);
        return (long)(intptr_t)BIO_get_data(bio);
    default:
        return 0;
    }
}

static inline BIO_METHOD *qt_BIO_meth_nosigpipe_socket(void) {
    BIO_METHOD *method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK | BIO_TYPE_DESCRIPTOR,
                                      "qt nosigpipe socket");
    if (method == NULL) return NULL;
    BIO_meth_set_write(method, qt_nosig_write);
    BIO_meth_set_read(method, qt_nosig_read);
    BIO_meth_set_puts(method, qt_nosig_puts);
    BIO_meth_set_ctrl(method, qt_nosig_ctrl);
    return method;
}

/* The BIO does not own the descriptor: the Swift socket closes it. */
static inline BIO *qt_BIO_new_nosigpipe_socket(BIO_METHOD *method, int fd) {
    BIO *bio = BIO_new(method);
    if (bio == NULL) return NULL;
    BIO_set_data(bio, (void *)(intptr_t)fd);
    BIO_set_init(bio, 1);
    return bio;
}
#endif
