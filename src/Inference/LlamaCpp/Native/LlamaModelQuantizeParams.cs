using System.Runtime.InteropServices;

namespace ChatHub.Inference.LlamaCpp.Native;

/// <summary><c>struct llama_model_quantize_params</c> of llama.cpp v0.5.0 (x86-64: 64 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaModelQuantizeParams
{
    public const int NativeSize = 64;

    public int ThreadCount;
    public LlamaFileType FileType;
    public int OutputTensorType;
    public int TokenEmbeddingType;
    public bool AllowRequantize;
    public bool QuantizeOutputTensor;
    public bool OnlyCopy;
    public bool Pure;
    public bool KeepSplit;
    public bool DryRun;
    public nint ImportanceMatrix;
    public nint KvOverrides;
    public nint TensorTypeOverrides;
    public nint PruneLayers;
    public nuint MaxBufferSize;
}
