using ChatHub.Adapters.WhatsApp;

namespace ChatHub.Adapters.Tests.WhatsApp;

/// <summary>Suggested replies as list rows within WhatsApp's limits, and the chosen text read back from a row's id.</summary>
public sealed class WhatsAppSuggestionsTests
{
    [Fact]
    public void Rows_ShortAndLongSuggestions_TitlesWithinTheLimitTheFullTextInTheIdAndDescription()
    {
        var rows = WhatsAppSuggestions.Rows(["Pricing?", "Which platforms does ChatHub support?"]);

        Assert.Equal(new WhatsAppSuggestions.ListRow("s:Pricing?", "Pricing?", null), rows[0]);
        Assert.Equal("s:Which platforms does ChatHub support?", rows[1].Id);
        Assert.Equal("Which platforms does Ch…", rows[1].Title);
        Assert.Equal(WhatsAppSuggestions.MaxTitleLength, rows[1].Title.Length);
        Assert.Equal("Which platforms does ChatHub support?", rows[1].Description);
    }

    [Theory]
    [InlineData("s:Which commands can I use?", "Which commands can I use?")]
    [InlineData("s:", null)]
    [InlineData("s:   ", null)]
    [InlineData("S:upper", null)]
    [InlineData("what is this", null)]
    [InlineData(null, null)]
    public void TextOf_RowIds_OnlyTheHubsRowsGiveText(string? id, string? text) =>
        Assert.Equal(text, WhatsAppSuggestions.TextOf(id));

    [Fact]
    public void TextOf_LongerThanASuggestion_NotText() =>
        Assert.Null(WhatsAppSuggestions.TextOf("s:" + new string('a', 65)));

    [Fact]
    public void RowsAndTextOf_RoundTrip() =>
        Assert.All(WhatsAppSuggestions.Rows(["How do I link my Telegram account to the web chat?"]),
            row => Assert.Equal("How do I link my Telegram account to the web chat?", WhatsAppSuggestions.TextOf(row.Id)));
}
