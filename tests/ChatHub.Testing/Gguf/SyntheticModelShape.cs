namespace ChatHub.Testing.Gguf;

/// <summary>
/// The shape of a generated llama-architecture model. <see cref="Tiny"/> runs in milliseconds for the tests;
/// <see cref="SmolLm135M"/> is the 135M-parameter shape (SmolLM-135M: 30 layers of 576, 9 heads, 3 KV heads,
/// a 49,152-token vocabulary, tied embeddings) for the benchmarks.
/// </summary>
public sealed record SyntheticModelShape(
    int Embedding, int Layers, int Heads, int KvHeads, int FeedForward, int VocabSize, int ContextLength, bool TiedEmbeddings)
{
    public static SyntheticModelShape Tiny { get; } = new(64, 2, 4, 2, 128, 512, 4096, TiedEmbeddings: false);

    public static SyntheticModelShape SmolLm135M { get; } = new(576, 30, 9, 3, 1536, 49152, 2048, TiedEmbeddings: true);

    public int HeadDimension => Embedding / Heads;

    public long ParameterCount =>
        ((long)VocabSize * Embedding * (TiedEmbeddings ? 1 : 2)) + Embedding
        + ((long)Layers * ((2L * Embedding) + (2L * Embedding * Embedding) + (2L * Embedding * HeadDimension * KvHeads) + (3L * Embedding * FeedForward)));
}
