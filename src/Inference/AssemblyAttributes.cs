using System.Runtime.CompilerServices;

// The llama.cpp binding (LlamaCpp/Native) passes blittable structs only: C# bool stays one byte, as in C
// (with runtime marshalling a bool field becomes a 4-byte BOOL and the structs no longer match).
[assembly: DisableRuntimeMarshalling]
