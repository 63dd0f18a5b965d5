namespace ChatHub.Testing.Gguf;

/// <summary>The tensor types the synthetic models are written in (ggml.h <c>enum ggml_type</c>).</summary>
public enum GgmlType : uint
{
    F32 = 0,
    F16 = 1,
}
