using System.Runtime.InteropServices;

namespace ChatHub.Inference.LlamaCpp.Native;

/// <summary><c>struct llama_model_params</c> of llama.cpp v0.5.0 (x86-64: 80 bytes). Get it from <c>llama_model_default_params</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaModelParams
{
    public const int NativeSize = 80;

    public nint Devices;
    public nint TensorBufferTypeOverrides;
    public int GpuLayerCount;
    public int SplitMode;
    public int LoadMode;
    public int LazyMode;
    public int MainGpu;
    public nint TensorSplit;
    public nint ProgressCallback;
    public nint ProgressCallbackUserData;
    public nint KvOverrides;
    public bool VocabOnly;
    public bool CheckTensors;
    public bool UseExtraBufferTypes;
    public bool NoHost;
    public bool NoAlloc;
    public bool LoadMtp;
}
