using System.Text;

namespace ChatHub.Testing.Gguf;

/// <summary>
/// Writes a GGUF v3 file (the format llama.cpp loads): header, metadata key/values, tensor infos, then the tensor
/// data, each aligned to 32 bytes. Tensors are F32 or F16; their data is produced when the file is written, one
/// tensor at a time, so large models need little memory.
/// </summary>
public sealed class GgufWriter
{
    public const int Alignment = 32;

    private const uint Magic = 0x46554747; // "GGUF"
    private const uint Version = 3;

    private readonly List<(string Key, Action<BinaryWriter> WriteValue)> _metadata = [];
    private readonly List<GgufTensor> _tensors = [];

    public void Add(string key, string value) => _metadata.Add((key, w => { w.Write((uint)GgufValueType.String); WriteString(w, value); }));

    public void Add(string key, uint value) => _metadata.Add((key, w => { w.Write((uint)GgufValueType.UInt32); w.Write(value); }));

    public void Add(string key, float value) => _metadata.Add((key, w => { w.Write((uint)GgufValueType.Float32); w.Write(value); }));

    public void Add(string key, bool value) => _metadata.Add((key, w => { w.Write((uint)GgufValueType.Bool); w.Write(value); }));

    public void Add(string key, IReadOnlyList<string> values) => _metadata.Add((key, w =>
    {
        WriteArrayHeader(w, GgufValueType.String, values.Count);
        foreach (var value in values)
        {
            WriteString(w, value);
        }
    }));

    public void Add(string key, IReadOnlyList<float> values) => _metadata.Add((key, w =>
    {
        WriteArrayHeader(w, GgufValueType.Float32, values.Count);
        foreach (var value in values)
        {
            w.Write(value);
        }
    }));

    public void Add(string key, IReadOnlyList<int> values) => _metadata.Add((key, w =>
    {
        WriteArrayHeader(w, GgufValueType.Int32, values.Count);
        foreach (var value in values)
        {
            w.Write(value);
        }
    }));

    /// <summary>A tensor of shape <paramref name="dimensions"/> (ggml order: the row length first) whose values <paramref name="fill"/> writes.</summary>
    public void AddTensor(string name, GgmlType type, long[] dimensions, Action<Span<float>> fill) =>
        _tensors.Add(new GgufTensor(name, type, dimensions, fill));

    public void Write(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write((ulong)_tensors.Count);
        writer.Write((ulong)_metadata.Count);
        foreach (var (key, writeValue) in _metadata)
        {
            WriteString(writer, key);
            writeValue(writer);
        }

        var offset = 0L;
        foreach (var tensor in _tensors)
        {
            WriteString(writer, tensor.Name);
            writer.Write((uint)tensor.Dimensions.Length);
            foreach (var dimension in tensor.Dimensions)
            {
                writer.Write((ulong)dimension);
            }

            writer.Write((uint)tensor.Type);
            writer.Write((ulong)offset);
            offset = Align(offset + tensor.ByteCount);
        }

        Pad(writer);
        var dataStart = stream.Position;
        foreach (var tensor in _tensors)
        {
            var values = new float[tensor.ElementCount];
            tensor.Fill(values);
            var bytes = new byte[tensor.ByteCount];
            if (tensor.Type == GgmlType.F32)
            {
                Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
            }
            else
            {
                var halves = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(bytes.AsSpan());
                for (var i = 0; i < values.Length; i++)
                {
                    halves[i] = (Half)values[i];
                }
            }

            writer.Write(bytes);
            Pad(writer, dataStart);
        }
    }

    private static long Align(long value) => (value + Alignment - 1) / Alignment * Alignment;

    private static void Pad(BinaryWriter writer, long origin = 0)
    {
        var position = writer.BaseStream.Position - origin;
        for (var i = position; i < Align(position); i++)
        {
            writer.Write((byte)0);
        }
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static void WriteArrayHeader(BinaryWriter writer, GgufValueType type, int count)
    {
        writer.Write((uint)GgufValueType.Array);
        writer.Write((uint)type);
        writer.Write((ulong)count);
    }

    private sealed record GgufTensor(string Name, GgmlType Type, long[] Dimensions, Action<Span<float>> Fill)
    {
        public long ElementCount => Dimensions.Aggregate(1L, (product, dimension) => product * dimension);

        public long ByteCount => ElementCount * (Type == GgmlType.F32 ? 4 : 2);
    }
}
