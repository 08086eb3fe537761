// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ICobuildInterests
/// @notice Public interest tags (a material, an engine, a category) that anyone declares and
/// withdraws for itself, so that projects, options and posts tagged alike can find it.
/// @dev A tag is normalized before it is declared and matched exactly: 1 to 32 bytes of `a-z`,
/// `0-9` and single inner hyphens (`foam-material`, `car`). `cobuild.routing.tags.normalize_tag`
/// gives the normal form of free text ("Foam  Material" -> "foam-material"); a tag that is not in
/// normal form is refused rather than silently rewritten, so a key always has one spelling.
/// Interests are declared in the open: they are what the declarer wants to be reached by.
interface ICobuildInterests {
    /// @notice `account` declared interest in `tag` (`key` = keccak256 of the tag).
    event InterestDeclared(address indexed account, bytes32 indexed key, string tag);
    /// @notice `account` withdrew its interest in `tag`.
    event InterestWithdrawn(address indexed account, bytes32 indexed key, string tag);

    /// @notice The account already declared this tag.
    error AlreadyInterested(address account, string tag);
    /// @notice The account has not declared this tag.
    error NotInterested(address account, string tag);

    /// @notice Declare the caller's interest in `tag` (in normal form).
    /// @return key the tag's key, keccak256(bytes(tag))
    function declareInterest(string calldata tag) external returns (bytes32 key);

    /// @notice Withdraw the caller's interest in `tag`; from now on a watcher no longer routes
    /// projects and posts with this tag to the caller.
    function withdrawInterest(string calldata tag) external;

    /// @notice Whether `account` currently declares `tag`.
    function isInterested(address account, string calldata tag) external view returns (bool);

    /// @notice The key of a tag in normal form (reverts `InvalidTag` otherwise).
    function tagKey(string calldata tag) external pure returns (bytes32);
}
