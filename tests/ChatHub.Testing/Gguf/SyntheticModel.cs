using System.Text;

namespace ChatHub.Testing.Gguf;

/// <summary>
/// Generates llama-architecture GGUF models with random weights and <see cref="SyntheticVocabulary"/>, so that tests
/// and benchmarks need nothing downloaded. The output rows of the special tokens are zero, so greedy decoding never
/// ends a reply early (a fixed number of tokens per reply); <see cref="SyntheticModelBehavior.EndsImmediately"/>
/// makes a model whose first token is always the end of generation. The same seed gives the same file.
/// </summary>
public static class SyntheticModel
{
    /// <summary>The ChatML template (what SmolLM and Qwen ship); llama.cpp recognizes it by its control tokens.</summary>
    public const string ChatTemplate =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}" +
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";

    /// <summary>The logits of a <see cref="SyntheticModelBehavior.CallsTools"/> model (every other token's is 0).</summary>
    private static readonly (string Piece, float Logit)[] ToolPreferences =
        [(SyntheticVocabulary.ToolTokens[0], 10f), ("\"", 5f), ("}", 4f), (SyntheticVocabulary.ToolTokens[1], 2f)];

    public static void Write(
        string path, SyntheticModelShape shape, GgmlType weightType = GgmlType.F16, int seed = 1,
        SyntheticModelBehavior behavior = SyntheticModelBehavior.Random)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var tools = behavior == SyntheticModelBehavior.CallsTools;
        var (tokens, scores, types) = SyntheticVocabulary.Create(shape.VocabSize, withToolTokens: tools);
        var gguf = new GgufWriter();
        gguf.Add("general.architecture", "llama");
        gguf.Add("general.name", $"chathub-synthetic-{shape.Embedding}x{shape.Layers}");
        gguf.Add("general.file_type", weightType == GgmlType.F32 ? 0u : 1u);
        gguf.Add("llama.context_length", (uint)shape.ContextLength);
        gguf.Add("llama.embedding_length", (uint)shape.Embedding);
        gguf.Add("llama.block_count", (uint)shape.Layers);
        gguf.Add("llama.feed_forward_length", (uint)shape.FeedForward);
        gguf.Add("llama.rope.dimension_count", (uint)shape.HeadDimension);
        gguf.Add("llama.rope.freq_base", 10000f);
        gguf.Add("llama.attention.head_count", (uint)shape.Heads);
        gguf.Add("llama.attention.head_count_kv", (uint)shape.KvHeads);
        gguf.Add("llama.attention.layer_norm_rms_epsilon", 1e-5f);
        gguf.Add("llama.vocab_size", (uint)shape.VocabSize);
        gguf.Add("tokenizer.ggml.model", "llama");
        gguf.Add("tokenizer.ggml.tokens", tokens);
        gguf.Add("tokenizer.ggml.scores", scores);
        gguf.Add("tokenizer.ggml.token_type", types);
        gguf.Add("tokenizer.ggml.bos_token_id", (uint)SyntheticVocabulary.Bos);
        gguf.Add("tokenizer.ggml.eos_token_id", (uint)SyntheticVocabulary.ImEnd);
        gguf.Add("tokenizer.ggml.unknown_token_id", (uint)SyntheticVocabulary.Unknown);
        gguf.Add("tokenizer.ggml.add_bos_token", true);
        gguf.Add("tokenizer.ggml.add_eos_token", false);
        gguf.Add("tokenizer.chat_template", ChatTemplate);

        // Both fixed behaviours zero every layer, so the last hidden state is the (constant) token embedding after the
        // norm: all ones. A token's logit is then the sum of its output row.
        var ends = behavior is SyntheticModelBehavior.EndsImmediately or SyntheticModelBehavior.CallsTools;
        var embedding = shape.Embedding;
        var kv = shape.HeadDimension * shape.KvHeads;
        gguf.AddTensor("token_embd.weight", weightType, [embedding, shape.VocabSize], values =>
        {
            if (ends)
            {
                values.Fill(0.1f);
            }
            else
            {
                Random(values, seed, "token_embd", 1f);
                if (shape.TiedEmbeddings)
                {
                    values[..(SyntheticVocabulary.SpecialCount * embedding)].Clear();
                }
            }
        });
        gguf.AddTensor("output_norm.weight", GgmlType.F32, [embedding], values => values.Fill(1f));
        if (!shape.TiedEmbeddings || ends)
        {
            gguf.AddTensor("output.weight", weightType, [embedding, shape.VocabSize], values =>
            {
                if (tools)
                {
                    values.Clear();
                    foreach (var (piece, logit) in ToolPreferences)
                    {
                        values.Slice(Array.IndexOf(tokens, piece) * embedding, embedding).Fill(logit / embedding);
                    }

                    return;
                }

                if (ends)
                {
                    values.Clear();
                    values.Slice(SyntheticVocabulary.ImEnd * embedding, embedding).Fill(1f);
                    return;
                }

                Random(values, seed, "output", 1f / MathF.Sqrt(embedding) * 4);
                values[..(SyntheticVocabulary.SpecialCount * embedding)].Clear();
            });
        }

        for (var layer = 0; layer < shape.Layers; layer++)
        {
            var prefix = $"blk.{layer}.";
            AddNorm(gguf, prefix + "attn_norm.weight", embedding);
            AddMatrix(gguf, prefix + "attn_q.weight", weightType, embedding, embedding, seed, ends);
            AddMatrix(gguf, prefix + "attn_k.weight", weightType, embedding, kv, seed, ends);
            AddMatrix(gguf, prefix + "attn_v.weight", weightType, embedding, kv, seed, ends);
            AddMatrix(gguf, prefix + "attn_output.weight", weightType, embedding, embedding, seed, ends);
            AddNorm(gguf, prefix + "ffn_norm.weight", embedding);
            AddMatrix(gguf, prefix + "ffn_gate.weight", weightType, embedding, shape.FeedForward, seed, ends);
            AddMatrix(gguf, prefix + "ffn_up.weight", weightType, embedding, shape.FeedForward, seed, ends);
            AddMatrix(gguf, prefix + "ffn_down.weight", weightType, shape.FeedForward, embedding, seed, ends);
        }

        gguf.Write(path);
    }

    private static void AddNorm(GgufWriter gguf, string name, int size) =>
        gguf.AddTensor(name, GgmlType.F32, [size], values => values.Fill(1f));

    private static void AddMatrix(GgufWriter gguf, string name, GgmlType type, int inputs, int outputs, int seed, bool zero) =>
        gguf.AddTensor(name, type, [inputs, outputs], values =>
        {
            if (zero)
            {
                values.Clear();
            }
            else
            {
                Random(values, seed, name, 1f / MathF.Sqrt(inputs));
            }
        });

    /// <summary>Uniform values in [-scale·√3, scale·√3] (standard deviation <paramref name="scale"/>), from a seed and the tensor's name.</summary>
    private static void Random(Span<float> values, int seed, string name, float scale)
    {
        var state = (ulong)seed * 0x9E3779B97F4A7C15UL;
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            state = (state ^ b) * 0x100000001B3UL;
        }

        var amplitude = scale * MathF.Sqrt(3f);
        for (var i = 0; i < values.Length; i++)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            values[i] = (((state >> 40) / (float)(1 << 24)) * 2f - 1f) * amplitude;
        }
    }
}
