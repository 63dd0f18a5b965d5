using System.Runtime.InteropServices;

namespace ChatHub.Inference.LlamaCpp.Native;

/// <summary><c>struct llama_batch</c> (56 bytes): parallel arrays of <see cref="TokenCount"/> entries, allocated by <c>llama_batch_init</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaBatch
{
    public const int NativeSize = 56;

    public int TokenCount;
    public int* Tokens;
    public float* Embeddings;
    public int* Positions;
    public int* SequenceIdCounts;
    public int** SequenceIds;
    public sbyte* Logits;
}
