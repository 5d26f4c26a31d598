#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

int main(void) {
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {AF_UNIX, "big.sock"};
    if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) { perror("connect"); return 1; }
    size_t size = 1 << 20;
    unsigned char *data = malloc(size);
    unsigned long sum = 0;
    for (size_t i = 0; i < size; i++) {
        data[i] = (unsigned char)(i * 7 + (i >> 8));
        sum = sum * 31 + data[i];
    }
    size_t off = 0;
    while (off < size) {
        ssize_t n = write(fd, data + off, size - off);
        if (n < 0) { perror("write"); return 1; }
        off += n;
    }
    printf("sent %zu bytes, checksum %lu\n", off, sum);
    free(data);
    close(fd);
    return 0;
}
