#ifndef _STDIO_H
#define _STDIO_H
#include <_socklab_types.h>
#include <stdarg.h>
typedef struct _IO_FILE FILE;
FILE *__socklab_stdio(int);
#define stdin (__socklab_stdio(0))
#define stdout (__socklab_stdio(1))
#define stderr (__socklab_stdio(2))
#define EOF (-1)
#define BUFSIZ 8192
#define _IOFBF 0
#define _IOLBF 1
#define _IONBF 2
int printf(const char *fmt, ...);
int fprintf(FILE *f, const char *fmt, ...);
int sprintf(char *s, const char *fmt, ...);
int snprintf(char *s, size_t n, const char *fmt, ...);
int dprintf(int fd, const char *fmt, ...);
int vprintf(const char *fmt, va_list ap);
int vfprintf(FILE *f, const char *fmt, va_list ap);
int vsnprintf(char *s, size_t n, const char *fmt, va_list ap);
int vsprintf(char *s, const char *fmt, va_list ap);
int puts(const char *s);
int putchar(int c);
int fputs(const char *s, FILE *f);
int fputc(int c, FILE *f);
int putc(int c, FILE *f);
char *fgets(char *s, int n, FILE *f);
int getchar(void);
int fgetc(FILE *f);
int getc(FILE *f);
int fflush(FILE *f);
int setvbuf(FILE *f, char *buf, int mode, size_t size);
void setbuf(FILE *f, char *buf);
void perror(const char *s);
size_t fwrite(const void *p, size_t size, size_t n, FILE *f);
size_t fread(void *p, size_t size, size_t n, FILE *f);
int fileno(FILE *f);
FILE *fdopen(int fd, const char *mode);
int fclose(FILE *f);
int feof(FILE *f);
int ferror(FILE *f);
int sscanf(const char *s, const char *fmt, ...);
#endif
