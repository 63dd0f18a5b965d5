using System.Globalization;
using System.Text;

namespace ChatHub.Testing.Whisper;

/// <summary>
/// Writes a tiny whisper.cpp model with random weights in its legacy ggml format (what <c>whisper_model_load</c> reads):
/// the magic <c>ggml</c>, the hyper-parameters, the mel filters, the vocabulary, then each tensor as
/// (<c>n_dims</c>, name length, type, dimensions, name, data). English-only (51,864 tokens, so the special tokens have
/// their usual ids; the loader adds the ones the vocabulary leaves out), one encoder and one decoder layer of width
/// <see cref="Width"/>, as f16 models are (<c>ftype</c> 1: the matrices and the convolution kernels in f16, as ggml's CPU
/// convolution requires; biases, norms and positional embeddings in f32). It loads and runs; what it writes is noise:
/// tests check mechanics, not wording.
/// </summary>
public static class SyntheticWhisperModel
{
    public const uint Magic = 0x67676d6c;
    public const int Vocabulary = 51_864;
    public const int AudioContext = 1500;
    public const int TextContext = 448;
    public const int Width = 32;
    public const int Mels = 80;
    public const int FftBins = 201;

    /// <summary>Writes the model to <paramref name="path"/>.</summary>
    public static void Write(string path, int seed = 21)
    {
        using var file = File.Create(path);
        using var writer = new BinaryWriter(file);
        var random = new Random(seed);
        writer.Write(Magic);
        foreach (var value in (int[])[Vocabulary, AudioContext, Width, 1, 1, TextContext, Width, 1, 1, Mels, 1])
        {
            writer.Write(value); // n_vocab, n_audio_ctx/state/head/layer, n_text_ctx/state/head/layer, n_mels, ftype
        }

        writer.Write(Mels);
        writer.Write(FftBins);
        for (var i = 0; i < Mels * FftBins; i++)
        {
            writer.Write((float)(random.NextDouble() * 0.01));
        }

        // " " must be there: whisper.cpp suppresses it (suppress_blank) by looking it up.
        string[] words = ["!", "\"", "#", " ", "hello", " hello", " world", " voice", " note"];
        writer.Write(words.Length); // the rest of the 51,864 the loader names itself
        foreach (var word in words)
        {
            var bytes = Encoding.UTF8.GetBytes(word);
            writer.Write((uint)bytes.Length);
            writer.Write(bytes);
        }

        foreach (var (name, shape) in Tensors())
        {
            Tensor(writer, random, name, shape);
        }
    }

    /// <summary>Every tensor the loader expects, with its dimensions (ggml order: the fastest first).</summary>
    public static IEnumerable<(string Name, int[] Shape)> Tensors()
    {
        const int w = Width;
        yield return ("encoder.positional_embedding", [w, AudioContext]);
        yield return ("encoder.conv1.weight", [3, Mels, w]);
        yield return ("encoder.conv1.bias", [1, w]);
        yield return ("encoder.conv2.weight", [3, w, w]);
        yield return ("encoder.conv2.bias", [1, w]);
        yield return ("encoder.ln_post.weight", [w]);
        yield return ("encoder.ln_post.bias", [w]);
        foreach (var tensor in Block("encoder.blocks.0", cross: false))
        {
            yield return tensor;
        }

        yield return ("decoder.positional_embedding", [w, TextContext]);
        yield return ("decoder.token_embedding.weight", [w, Vocabulary]);
        yield return ("decoder.ln.weight", [w]);
        yield return ("decoder.ln.bias", [w]);
        foreach (var tensor in Block("decoder.blocks.0", cross: true))
        {
            yield return tensor;
        }
    }

    private static IEnumerable<(string Name, int[] Shape)> Block(string prefix, bool cross)
    {
        const int w = Width;
        yield return ($"{prefix}.mlp_ln.weight", [w]);
        yield return ($"{prefix}.mlp_ln.bias", [w]);
        yield return ($"{prefix}.mlp.0.weight", [w, 4 * w]);
        yield return ($"{prefix}.mlp.0.bias", [4 * w]);
        yield return ($"{prefix}.mlp.2.weight", [4 * w, w]);
        yield return ($"{prefix}.mlp.2.bias", [w]);
        foreach (var attention in cross ? (string[])["attn", "cross_attn"] : ["attn"])
        {
            yield return ($"{prefix}.{attention}_ln.weight", [w]);
            yield return ($"{prefix}.{attention}_ln.bias", [w]);
            yield return ($"{prefix}.{attention}.query.weight", [w, w]);
            yield return ($"{prefix}.{attention}.query.bias", [w]);
            yield return ($"{prefix}.{attention}.key.weight", [w, w]);
            yield return ($"{prefix}.{attention}.value.weight", [w, w]);
            yield return ($"{prefix}.{attention}.value.bias", [w]);
            yield return ($"{prefix}.{attention}.out.weight", [w, w]);
            yield return ($"{prefix}.{attention}.out.bias", [w]);
        }
    }

    private static void Tensor(BinaryWriter writer, Random random, string name, int[] shape)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        writer.Write(shape.Length);
        writer.Write(nameBytes.Length);
        var half = IsHalf(name, shape);
        writer.Write(half ? 1 : 0); // GGML_TYPE_F16 or GGML_TYPE_F32
        foreach (var dimension in shape)
        {
            writer.Write(dimension);
        }

        writer.Write(nameBytes);
        var count = shape.Aggregate(1L, (product, dimension) => product * dimension);
        var isNorm = name.EndsWith("ln.weight", StringComparison.Ordinal) || name.EndsWith("ln_post.weight", StringComparison.Ordinal);
        for (long i = 0; i < count; i++)
        {
            var value = isNorm ? 1f : (float)((random.NextDouble() - 0.5) * 0.2);
            if (half)
            {
                writer.Write((Half)value);
            }
            else
            {
                writer.Write(value);
            }
        }
    }

    /// <summary>What whisper.cpp keeps in the model's type (f16): the 2-D weight matrices but the positional embeddings, and the convolution kernels.</summary>
    private static bool IsHalf(string name, int[] shape) =>
        (shape.Length == 3 && name.EndsWith(".weight", StringComparison.Ordinal))
        || (shape.Length == 2 && name.EndsWith(".weight", StringComparison.Ordinal));

    /// <summary>A temporary file name for a model (the caller deletes it).</summary>
    public static string TempPath() =>
        Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"chathub-whisper-{Guid.NewGuid():N}.bin"));
}
