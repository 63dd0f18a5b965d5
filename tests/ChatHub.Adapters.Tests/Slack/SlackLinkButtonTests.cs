using System.Text.Json;
using ChatHub.Adapters.Slack.Egress;
using ChatHub.Adapters.Slack.Ingress;
using ChatHub.Conversation.Messages;

namespace ChatHub.Adapters.Tests.Slack;

/// <summary>
/// Link buttons on Slack: an actions block of URL buttons after the suggestions' block; a click on one (Slack opens the
/// address and still sends a block_actions payload) is read as a link, not as a press to ask.
/// </summary>
public sealed class SlackLinkButtonTests
{
    [Fact]
    public void Blocks_SuggestionsAndLinks_SectionThenSuggestionButtonsThenUrlButtons()
    {
        var blocks = SlackMrkdwn.Blocks("See the docs", ["More?"], [new LinkButton("Docs", "https://docs.example/start")]);

        Assert.Equal(["section", "actions", "actions"], blocks.Select(b => b!["type"]!.GetValue<string>()));
        Assert.Equal("chathub.links", blocks[2]!["block_id"]!.GetValue<string>());
        var link = Assert.Single(blocks[2]!["elements"]!.AsArray())!;
        Assert.Equal(("l0", "Docs", "https://docs.example/start"),
            (link["action_id"]!.GetValue<string>(), link["text"]!["text"]!.GetValue<string>(), link["url"]!.GetValue<string>()));
    }

    [Fact]
    public void Blocks_LinksOnly_NoSuggestionsBlock()
    {
        var blocks = SlackMrkdwn.Blocks("See the docs", null, [new LinkButton("Docs", "https://docs.example/start")]);

        Assert.Equal(["section", "actions"], blocks.Select(b => b!["type"]!.GetValue<string>()));
        Assert.Equal("chathub.links", blocks[1]!["block_id"]!.GetValue<string>());
    }

    [Fact]
    public void Read_ClickOfALinkButton_ItsActionIdIsALinkNotAnAskableButton()
    {
        var message = new { ts = "1700000000.000100", user = "U0BOT", blocks = SlackMrkdwn.Blocks("See", ["More?"], [new LinkButton("Docs", "https://docs.example/")]) };
        var payload = JsonSerializer.SerializeToElement(new
        {
            type = "block_actions",
            team = new { id = "T0001" },
            user = new { id = "U0001" },
            channel = new { id = "D0001" },
            actions = new[] { new { type = "button", action_id = "l0", action_ts = "1700000001.000200" } },
            message = JsonDocument.Parse(JsonSerializer.Serialize(message)).RootElement,
        });

        var press = SlackBlockAction.Read(payload)!;

        Assert.Equal(["l0"], press.LinkActionIds);
        Assert.Equal([("s0", "More?")], press.Buttons);
    }
}
