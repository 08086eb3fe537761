// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ICobuildFactory
/// @notice Creates Cobuild projects (EIP-1167 clones with immutable arguments), keeps the registry
/// a dApp and the shares contract trust, and holds the platform treasury role.
interface ICobuildFactory {
    /// @notice How finalization orders the combinations (chosen at creation, visible to every backer).
    /// `Supporters`: the seed's count of people (backers at or above the minimum stake), then
    /// funding, then first funding; `Funding`: funding, then supporters, then first funding.
    /// Supporters resist a whale (one person, one vote) but reward sybils with many small
    /// addresses; funding resists sybils but lets a whale buy the rank. See docs/security.md.
    enum RankBy {
        Supporters,
        Funding
    }

    /// @notice What a creator decides when opening a project. Everything here is immutable afterwards.
    struct ProjectParams {
        address token; // payment token; address(0) = ETH
        bytes32 contentHash; // description and key points (e.g. an IPFS digest)
        uint64 ideationEnd; // timestamp: end of ideation
        uint32 rescueWindow; // seconds after finalization during which eliminated combinations can be rescued
        uint32 developmentPeriod; // seconds of R&D after the rescue window
        uint32 testingPeriod; // seconds of testing after R&D
        uint32 presalePeriod; // seconds of presale after testing
        uint128 minTotal; // launch condition: minimum total investment
        uint128 minStake; // minimum stake for a backer to count as a supporter
        uint16 slots; // n: prototypes selected by rank
        uint16 maxRescues; // the first maxRescues combinations the ranking left out may be rescued (0 = none)
        RankBy rankBy; // the order of the ranking
        uint16[4] ratioBps; // creator, makers, investors, platform; sums to 10000
        uint16 advanceBps; // share of a quote its maker may claim when R&D starts
        uint8 quorum; // k: inspectors needed to pass a condition or grant an award: floor(m/2) + 1
        address[] inspectors; // m accredited inspectors, visible to every backer before investing
    }

    /// @notice Labels that only need to be found and shown: emitted, not stored.
    struct ProjectLabels {
        string title; // the project's name, e.g. "Spherical safety car"
        string description; // a short description shown in lists (the long one is at `uri`)
        string uri; // where the long description lives (its digest is `contentHash`)
        string[] tags; // interests, so makers and followers can find the project
        string[] dimensions; // e.g. shape, material, engine
        string[] conditions; // test conditions, e.g. road, weather, traffic
    }

    /// @notice A project was created.
    event ProjectCreated(
        address indexed project,
        uint256 indexed projectId,
        address indexed creator,
        ProjectParams params,
        ProjectLabels labels
    );
    /// @notice The treasury proposed a successor.
    event TreasuryProposed(address indexed current, address indexed proposed);
    /// @notice The proposed treasury accepted the role.
    event TreasuryChanged(address indexed previous, address indexed current);

    /// @notice The ratio does not sum to 10000 basis points.
    error InvalidRatio(uint256 sum);
    /// @notice Ideation must end in the future (and fit the clock).
    error InvalidIdeationEnd(uint256 ideationEnd, uint256 nowTime);
    /// @notice A period is zero.
    error InvalidPeriod();
    /// @notice Number of prototype slots must be at least one.
    error InvalidSlots(uint256 slots);
    /// @notice A project needs 1 to 8 dimensions.
    error InvalidDimensions(uint256 count);
    /// @notice A project needs 1 to 32 test conditions.
    error InvalidConditions(uint256 count);
    /// @notice A project needs 1 to 16 distinct, non-zero inspectors, and its quorum is their majority,
    /// floor(inspectors / 2) + 1: a minority can neither pass, fail nor block a prototype.
    error InvalidInspectors(uint256 quorum, uint256 count);
    /// @notice The advance cannot exceed the whole quote.
    error InvalidAdvance(uint256 advanceBps);
    /// @notice The minimum stake must be positive and the minimum total must fit the accounting.
    error InvalidLaunchConditions(uint256 minTotal, uint256 minStake);
    /// @notice The payment token is not a contract.
    error InvalidToken(address token);
    /// @notice The project implementation is not a contract.
    error InvalidImplementation(address implementation);
    /// @notice The zero address cannot hold the treasury role.
    error InvalidTreasury(address treasury);
    /// @notice Only the treasury (or, to accept, the proposed treasury) may do this.
    error NotTreasury(address caller);

    /// @notice Open a project. The caller is its creator.
    /// @return project the new project's address
    function createProject(ProjectParams calldata params, ProjectLabels calldata labels)
        external
        returns (address project);

    /// @notice Propose `next` as the platform treasury. Current treasury only.
    function proposeTreasury(address next) external;

    /// @notice Accept the treasury role. Proposed treasury only.
    function acceptTreasury() external;

    /// @notice The platform treasury: the only account that can withdraw the platform's part.
    function treasury() external view returns (address);

    /// @notice The treasury proposed by {proposeTreasury}, until it accepts.
    function pendingTreasury() external view returns (address);

    /// @notice The project implementation every clone delegates to.
    function implementation() external view returns (address);

    /// @notice The ERC-1155 contract that shows every project's investor shares.
    function shares() external view returns (address);

    /// @notice The 1-based id of a project created by this factory, or 0.
    function projectId(address project) external view returns (uint256);

    /// @notice The number of projects created.
    function projectCount() external view returns (uint256);

    /// @notice The project with 1-based id `id`.
    function projectAt(uint256 id) external view returns (address);
}
