using System.Runtime.InteropServices;

namespace ChatHub.Inference.LlamaCpp.Native;

/// <summary><c>struct llama_context_params</c> of llama.cpp v0.5.0 (x86-64: 160 bytes). Get it from <c>llama_context_default_params</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaContextParams
{
    public const int NativeSize = 160;

    public uint ContextSize;
    public uint BatchSize;
    public uint MicroBatchSize;
    public uint MaxSequences;
    public uint RecurrentStateSnapshots;
    public uint MaxOutputs;
    public uint MaxOutputsPerSequence;
    public int Threads;
    public int BatchThreads;
    public int ContextType;
    public int RopeScalingType;
    public int PoolingType;
    public int AttentionType;
    public int FlashAttentionType;
    public float RopeFrequencyBase;
    public float RopeFrequencyScale;
    public float YarnExtFactor;
    public float YarnAttentionFactor;
    public float YarnBetaFast;
    public float YarnBetaSlow;
    public uint YarnOriginalContext;
    public float DefragThreshold;
    public nint EvalCallback;
    public nint EvalCallbackUserData;
    public int KeyType;
    public int ValueType;
    public nint AbortCallback;
    public nint AbortCallbackData;
    public bool Embeddings;
    public bool OffloadKqv;
    public bool NoPerf;
    public bool OpOffload;
    public bool SwaFull;
    public bool KvUnified;
    public nint Samplers;
    public nuint SamplerCount;
    public nint OtherContext;
}
