<?php
/**
 * Bulk-create pages in the test wiki from one process, for tests that need
 * many pages (starting edit.php once per page costs ~0.3 s each).
 * Run by "wiki.sh import DIR FILE [USER]", which sets MW_CONFIG_FILE.
 *
 * FILE (or - for stdin) has one page per line: TITLE, a tab, TEXT.  In TEXT,
 * \n stands for a newline, \t for a tab and \\ for a backslash, so a page
 * may hold several lines.  Lines without a tab and empty lines are errors,
 * so a broken fixture is noticed instead of silently skipped.  An existing
 * page gets a new revision; an unchanged text is a null edit.
 */

// A maintenance script outside the MediaWiki tree must find Maintenance.php
// itself; MW_INSTALL_PATH is the usual way to say where MediaWiki lives.
$IP = getenv( 'MW_INSTALL_PATH' ) ?: '/usr/share/mediawiki';
require_once "$IP/maintenance/Maintenance.php";

use MediaWiki\MediaWikiServices;
use MediaWiki\Revision\SlotRecord;

class WikisyncTestImport extends Maintenance {
	public function __construct() {
		parent::__construct();
		$this->addDescription( 'Create or replace many pages from TITLE<TAB>TEXT lines' );
		$this->addOption( 'user', 'Author of the edits (default Human)', false, true, 'u' );
		$this->addOption( 'summary', 'Edit summary (default "test")', false, true, 's' );
		$this->addArg( 'file', 'TITLE<TAB>TEXT lines, or - for stdin' );
	}

	public function execute() {
		$userName = $this->getOption( 'user', 'Human' );
		$summary = $this->getOption( 'summary', 'test' );
		$file = $this->getArg( 0 );

		$user = User::newFromName( $userName );
		if ( !$user || !$user->isRegistered() ) {
			$this->fatalError( "import.php: no such user: $userName" );
		}
		$lines = file( $file === '-' ? 'php://stdin' : $file, FILE_IGNORE_NEW_LINES );
		if ( $lines === false ) {
			$this->fatalError( "import.php: cannot read $file" );
		}

		$factory = MediaWikiServices::getInstance()->getWikiPageFactory();
		$comment = CommentStoreComment::newUnsavedComment( $summary );
		$n = 0;
		foreach ( $lines as $i => $line ) {
			$where = "$file:" . ( $i + 1 );
			$tab = strpos( $line, "\t" );
			if ( $tab === false ) {
				$this->fatalError( "import.php: $where: no tab between title and text" );
			}
			$title = Title::newFromText( substr( $line, 0, $tab ) );
			if ( !$title ) {
				$this->fatalError( "import.php: $where: invalid title" );
			}
			$text = strtr( substr( $line, $tab + 1 ),
				[ '\\n' => "\n", '\\t' => "\t", '\\\\' => '\\' ] );

			$updater = $factory->newFromTitle( $title )->newPageUpdater( $user );
			$updater->setContent( SlotRecord::MAIN,
				ContentHandler::makeContent( $text, $title ) );
			$updater->saveRevision( $comment );
			$status = $updater->getStatus();
			if ( !$status->isOK() ) {
				$this->fatalError( "import.php: $where: " .
					$status->getMessage( false, false, 'en' )->text() );
			}
			// Run the page's deferred updates (links tables, recent
			// changes, search index) now, so that the wiki looks the same
			// as after a web edit, and memory does not pile up.
			DeferredUpdates::doUpdates();
			$n++;
		}
		$this->output( "import.php: $n pages\n" );
		return true;
	}
}

$maintClass = WikisyncTestImport::class;
require_once RUN_MAINTENANCE_IF_MAIN;
