using ChatHub.Inference.LlamaCpp;
using ChatHub.Inference.Tests.TestSupport;

namespace ChatHub.Inference.Tests.LlamaCpp;

[Collection(LlamaCollection.Name)]
public sealed class QuantizeCommandTests(LlamaFixture fixture)
{
    [Fact]
    public async Task RunAsync_F16Model_WritesSmallerQ8AndQ4ModelsThatGenerate()
    {
        var q8 = fixture.TempPath("tiny-q8_0.gguf");
        var q4 = fixture.TempPath("tiny-q4_0.gguf");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var q8Exit = await QuantizeCommand.RunAsync(["quantize", "--in", fixture.TinyModelPath, "--out", q8, "--type", "q8_0", "--threads", "1"], output, error);
        var q4Exit = await QuantizeCommand.RunAsync(["--in", fixture.TinyModelPath, "--out", q4, "--type", "Q4_0", "--threads", "1"], output, error);
        using var engine = LlamaEngine.Create(fixture.Options(path: q8));
        var tokens = await LlamaEngineTests.GenerateAsync(engine, [engine.Model.Tokenize("hello", true, false)], maxTokens: 8);

        Assert.Equal(QuantizeCommand.Success, q8Exit);
        Assert.Equal(QuantizeCommand.Success, q4Exit);
        Assert.Equal(string.Empty, error.ToString());
        Assert.True(new FileInfo(q8).Length < new FileInfo(fixture.TinyModelPath).Length * 0.7);
        Assert.True(new FileInfo(q4).Length < new FileInfo(q8).Length);
        Assert.Contains("Quantized", output.ToString(), StringComparison.Ordinal);
        Assert.Matches(@"\[#+\.*\]\s+\d+/\d+ \S+", output.ToString()); // the progress display
        Assert.Equal(8, tokens[0].Count);
    }

    [Theory]
    [InlineData("missing.gguf", "q8_0", "does not exist")]
    [InlineData("not-gguf.gguf", "q8_0", "is not a GGUF model")]
    [InlineData("tiny", "q3_xyz", "unknown type")]
    public async Task RunAsync_BadInput_ExitsWithTwoAndSaysWhy(string input, string type, string message)
    {
        File.WriteAllText(fixture.TempPath("not-gguf.gguf"), "plain text");
        var path = input == "tiny" ? fixture.TinyModelPath : fixture.TempPath(input);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await QuantizeCommand.RunAsync(["quantize", "--in", path, "--out", fixture.TempPath("out.gguf"), "--type", type], output, error);

        Assert.Equal(QuantizeCommand.InvalidInput, exit);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(fixture.TempPath("out.gguf")));
    }

    [Fact]
    public async Task RunAsync_TruncatedGguf_ExitsWithOneAndShowsLlamaCppsError()
    {
        var path = fixture.TempPath("truncated.gguf");
        await File.WriteAllBytesAsync(path, [.. "GGUF"u8, 3, 0, 0, 0, 1, 2, 3]);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await QuantizeCommand.RunAsync(["quantize", "--in", path, "--out", fixture.TempPath("truncated-q8.gguf"), "--type", "q8_0"], output, error);

        Assert.Equal(QuantizeCommand.Failed, exit);
        Assert.Contains("could not quantize", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("failed to read", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "quantize" }, "--in is required")]
    [InlineData(new[] { "quantize", "--in", "a.gguf", "--out" }, "--out needs a value")]
    [InlineData(new[] { "quantize", "--bogus", "x" }, "unknown argument '--bogus'")]
    public async Task RunAsync_BadArguments_ExitsWithTwoAndPrintsUsage(string[] args, string message)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await QuantizeCommand.RunAsync(args, output, error);

        Assert.Equal(QuantizeCommand.InvalidInput, exit);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Usage: quantize", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "quantize", "--in", "x" }, true)]
    [InlineData(new[] { "--urls", "http://localhost:5000" }, false)]
    [InlineData(new string[0], false)]
    public void IsInvocation_FirstArgument_DecidesTheCommand(string[] args, bool expected) =>
        Assert.Equal(expected, QuantizeCommand.IsInvocation(args));
}
