namespace XpFlywheel.Core.Economy;

/// <summary>One client operator's part in a provider's success rate.</summary>
/// <param name="Volume">Its counted jobs.</param>
/// <param name="Share">Its share of the provider's success-rate weight, after the cap (display precision).</param>
/// <param name="Capped">Whether the cap cut its share below its share of the provider's counted amount.</param>
public sealed record ClientWeight(ClientVolume Volume, decimal Share, bool Capped);
