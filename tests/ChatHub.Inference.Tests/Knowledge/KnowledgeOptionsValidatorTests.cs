using ChatHub.Inference.Knowledge;

namespace ChatHub.Inference.Tests.Knowledge;

public sealed class KnowledgeOptionsValidatorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("chathub-kb-").FullName;

    [Fact]
    public void Validate_ValidFile_Succeeds()
    {
        var path = Write("good.md", "## Q\nA.\n");

        var result = new KnowledgeOptionsValidator().Validate(null, new KnowledgeOptions { Path = path });

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData(null, "does not exist")]
    [InlineData("", "is empty")]
    [InlineData("   \n\n", "is empty")]
    [InlineData("# Title only\n", "No entries found")]
    [InlineData("## Q\n", "has no answer")]
    public void Validate_BadFile_FailsWithReason(string? content, string reason)
    {
        var path = content is null ? Path.Combine(_directory, "missing.md") : Write("bad.md", content);

        var result = new KnowledgeOptionsValidator().Validate(null, new KnowledgeOptions { Path = path });

        Assert.True(result.Failed);
        Assert.Contains(KnowledgeOptions.SectionName, result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(reason, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmptyPath_Fails()
    {
        var result = new KnowledgeOptionsValidator().Validate(null, new KnowledgeOptions { Path = " " });

        Assert.True(result.Failed);
    }

    [Fact]
    public void ResolvePath_RelativePath_ResolvesAgainstBaseDirectory()
    {
        Assert.Equal(
            Path.Combine(AppContext.BaseDirectory, "faq", "kb.md"),
            new KnowledgeOptions { Path = "faq/kb.md" }.ResolvePath());
        Assert.Equal(_directory, new KnowledgeOptions { Path = _directory }.ResolvePath());
    }

    [Fact]
    public void Load_MissingFile_ThrowsWithPath()
    {
        var path = Path.Combine(_directory, "nope.md");

        var exception = Assert.Throws<InvalidOperationException>(() => KnowledgeBase.Load(path));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
