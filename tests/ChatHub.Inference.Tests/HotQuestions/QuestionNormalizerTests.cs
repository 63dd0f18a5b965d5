using ChatHub.Inference.HotQuestions;

namespace ChatHub.Inference.Tests.HotQuestions;

public sealed class QuestionNormalizerTests
{
    [Theory]
    [InlineData("What is ChatHub?", "what is chathub")]
    [InlineData("  what is chathub ", "what is chathub")]
    [InlineData("WHAT   is\tChatHub\n?!", "what is chathub")]
    [InlineData("\"What is ChatHub?\"", "what is chathub")]
    [InlineData("¿Qué es ChatHub?", "qué es chathub")]
    [InlineData("What's ChatHub...", "what's chathub")]
    [InlineData("ＷＨＡＴ　ｉｓ　ＣｈａｔＨｕｂ？", "what is chathub")] // full-width letters, ideographic space and question mark
    [InlineData("what\u200B is chathub", "what is chathub")] // zero-width space is a format character
    [InlineData("(how do I add Telegram?)", "how do i add telegram")]
    [InlineData("c++ or c#?", "c++ or c#")] // symbols stay; only punctuation is stripped
    [InlineData("", "")]
    [InlineData(" ?! ", "")]
    public void Normalize_Question_ReturnsKey(string question, string expected)
    {
        Assert.Equal(expected, QuestionNormalizer.Normalize(question));
    }

    [Fact]
    public void Normalize_UnpairedSurrogate_ReplacesInsteadOfThrowing()
    {
        Assert.Equal("what\uFFFD is", QuestionNormalizer.Normalize(string.Concat("What", "\uD800", " is?")));
    }

    [Fact]
    public void Normalize_SameQuestionDifferentSpelling_GivesSameKey()
    {
        Assert.Equal(QuestionNormalizer.Normalize("What is ChatHub?"), QuestionNormalizer.Normalize("  what is chathub "));
    }
}
