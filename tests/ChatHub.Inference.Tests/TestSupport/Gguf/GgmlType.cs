namespace ChatHub.Inference.Tests.TestSupport.Gguf;

/// <summary>The tensor types the synthetic models are written in (ggml.h <c>enum ggml_type</c>).</summary>
internal enum GgmlType : uint
{
    F32 = 0,
    F16 = 1,
}
