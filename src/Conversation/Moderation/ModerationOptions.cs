namespace ChatHub.Conversation.Moderation;

public enum ModerationAction
{
    /// <summary>The message is not answered; the person gets a short notice.</summary>
    Block = 0,

    /// <summary>Listed words are replaced by asterisks and the message is answered.</summary>
    Mask = 1,
}

public sealed class ModerationOptions
{
    public const string SectionName = "Moderation";

    /// <summary>Turns the sensitive-word filter on (default) or off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// A UTF-8 file with one word or phrase per line (# starts a comment), relative to the app's directory when not
    /// absolute. Edits are picked up without a restart.
    /// </summary>
    public string WordListPath { get; set; } = "content/moderation/words.txt";

    /// <summary>What happens to an inbound message with a listed word.</summary>
    public ModerationAction InboundAction { get; set; } = ModerationAction.Block;

    /// <summary>Mask listed words in replies (model output) before they are sent.</summary>
    public bool FilterOutput { get; set; } = true;

    /// <summary>The absolute path of the word list.</summary>
    public string ResolvePath() => Path.IsPathRooted(WordListPath) ? WordListPath : Path.Combine(AppContext.BaseDirectory, WordListPath);
}
