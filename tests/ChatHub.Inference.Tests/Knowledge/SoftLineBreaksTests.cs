using ChatHub.Inference.Knowledge;

namespace ChatHub.Inference.Tests.Knowledge;

public sealed class SoftLineBreaksTests
{
    [Theory]
    [InlineData("one sentence\ncontinued here.", "one sentence continued here.")]
    [InlineData("First paragraph\nwrapped.\n\nSecond\nwrapped.", "First paragraph wrapped.\n\nSecond wrapped.")]
    [InlineData("Intro:\n- one\n  wrapped\n- two\n* three\n+ four", "Intro:\n- one wrapped\n- two\n* three\n+ four")]
    [InlineData("Steps:\n1. first\nstill first\n2) second", "Steps:\n1. first still first\n2) second")]
    [InlineData("Text\n```html\n<a>\n  b\n```\nafter\nmore", "Text\n```html\n<a>\n  b\n```\nafter more")]
    [InlineData("~~~\nx\ny\n~~~", "~~~\nx\ny\n~~~")]
    [InlineData("Line with hard break  \nnext line", "Line with hard break\nnext line")]
    [InlineData("Backslash break\\\nnext", "Backslash break\\\nnext")]
    [InlineData("Text\n### Heading\nbody\nwrapped", "Text\n### Heading\nbody wrapped")]
    [InlineData("Text\n> quoted\n| a | b |\n| - | - |", "Text\n> quoted\n| a | b |\n| - | - |")]
    [InlineData("Above\n---\nBelow", "Above\n---\nBelow")]
    [InlineData("    indented code\n    more code\nText", "    indented code\n    more code\nText")]
    [InlineData("Version 2.\n10 is a number, not a list", "Version 2. 10 is a number, not a list")]
    [InlineData("\n\nLeading blank lines\ndropped", "Leading blank lines dropped")]
    public void Join_MarkdownConstructs_JoinsOnlySoftBreaks(string source, string expected)
    {
        Assert.Equal(expected, SoftLineBreaks.Join(source.Split('\n')));
    }
}
