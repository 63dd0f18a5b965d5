using ChatHub.Inference.Knowledge;

namespace ChatHub.Inference.Tests.Knowledge;

public sealed class KnowledgeTokenizerTests
{
    [Theory]
    [InlineData("What is ChatHub?", "chathub chat hub")]
    [InlineData("what is chathub", "chathub")]
    [InlineData("Kafka:BootstrapServers", "kafka bootstrapserver bootstrap server")]
    [InlineData("GGUF iOS", "gguf ios os")] // no lower-to-upper step in GGUF; "iOS" also yields "i" (a stop word) and "os"
    [InlineData("hey, tell me the thing", "")] // conversational filler
    [InlineData("How do I add a Telegram bot?", "add telegram bot")]
    [InlineData("what's the RATE-limit", "rat limit")]
    [InlineData("ＣｈａｔＨｕｂ", "chathub chat hub")] // NFKC folds full-width letters
    [InlineData("ﬁle", "fil")] // NFKC expands the ligature
    [InlineData("Über Größe café", "über größe café")] // non-ASCII words are lowercased, not stemmed
    [InlineData("llama.cpp GGUF v2", "llama cpp gguf v2")]
    [InlineData("Redis redis' status", "redis redis status")] // -is and -us are not plurals
    [InlineData("rocket 🚀 launch", "rocket launch")] // symbols outside the BMP separate words
    [InlineData("𝐁𝐨𝐥𝐝 text", "bold text")] // NFKC folds mathematical bold letters
    [InlineData("", "")]
    [InlineData("?!  ...", "")]
    [InlineData("the a an of to", "")]
    public void Tokenize_Text_ReturnsTerms(string text, string expected)
    {
        Assert.Equal(expected, string.Join(' ', KnowledgeTokenizer.Tokenize(text)));
    }

    [Fact]
    public void Tokenize_UnpairedSurrogates_DoesNotThrow()
    {
        var text = string.Concat("\uDC00", "rocket", "\uD800");

        var terms = KnowledgeTokenizer.Tokenize(text);

        Assert.Equal(["rocket"], terms);
    }

    [Theory]
    [InlineData("store", "stores", "stored", "storing")]
    [InlineData("link", "links", "linked", "linking")]
    [InlineData("cache", "caches", "cached", "caching")]
    [InlineData("embed", "embeds", "embedded", "embedding")]
    [InlineData("limit", "limits", "limited", "limiting")]
    [InlineData("message", "messages", "message", "messaging")]
    [InlineData("platform", "platforms", "platform", "platform")]
    [InlineData("reply", "replies", "reply", "reply")]
    [InlineData("stop", "stops", "stopped", "stopping")]
    public void Tokenize_WordForms_ShareOneStem(string word, string plural, string past, string gerund)
    {
        var stems = new[] { word, plural, past, gerund }.Select(form => Assert.Single(KnowledgeTokenizer.Tokenize(form))).ToArray();

        Assert.All(stems, stem => Assert.Equal(stems[0], stem));
    }

    [Theory]
    [InlineData("address", "address")]
    [InlineData("addresses", "address")]
    [InlineData("install", "install")]
    [InlineData("installed", "install")]
    [InlineData("string", "string")]
    [InlineData("feed", "feed")]
    [InlineData("bus", "bus")]
    public void Tokenize_SingleWord_ReturnsStem(string word, string expected)
    {
        Assert.Equal(expected, Assert.Single(KnowledgeTokenizer.Tokenize(word)));
    }
}
