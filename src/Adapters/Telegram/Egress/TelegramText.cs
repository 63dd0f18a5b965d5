using Telegram.Bot.Types;

namespace ChatHub.Adapters.Telegram.Egress;

/// <summary>The text of one Telegram message and its formatting entities (never a parse mode).</summary>
internal sealed record TelegramText(string Text, IReadOnlyList<TelegramEntity> Entities)
{
    public IEnumerable<MessageEntity>? MessageEntities => Entities.Count == 0 ? null : Entities.Select(e => e.ToMessageEntity()).ToList();

    public bool Equals(TelegramText? other) =>
        other is not null && Text == other.Text && Entities.SequenceEqual(other.Entities);

    public override int GetHashCode() => HashCode.Combine(Text, Entities.Count);
}
