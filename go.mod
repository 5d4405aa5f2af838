module github.com/golgi-sim/golgi

go 1.24
