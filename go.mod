module socklab

go 1.26

require github.com/stretchr/testify v1.11.1 // indirect
