<?php
/**
 * Make many users and their edits in the test wiki from one process, for
 * the statistics benchmark (starting createAndPromote.php and edit.php
 * once per user or edit costs ~0.3 s each).  Run by
 * "wiki.sh php DIR $HERE/contribs.php FILE".
 *
 * FILE (or - for stdin) has one line per edit: USER, a tab, TITLE, a tab,
 * TEXT (\n, \t and \\ escaped as in import.php).  A user that does not
 * exist is created first (no password: it can never log in); a line with
 * an empty TITLE only creates the user.  Bad lines are errors.
 */

$IP = getenv( 'MW_INSTALL_PATH' ) ?: '/usr/share/mediawiki';
require_once "$IP/maintenance/Maintenance.php";

use MediaWiki\MediaWikiServices;
use MediaWiki\Revision\SlotRecord;

class WikisyncTestContribs extends Maintenance {
	public function __construct() {
		parent::__construct();
		$this->addDescription( 'Create users and their edits from USER<TAB>TITLE<TAB>TEXT lines' );
		$this->addArg( 'file', 'USER<TAB>TITLE<TAB>TEXT lines, or - for stdin' );
	}

	public function execute() {
		$file = $this->getArg( 0 );
		$lines = file( $file === '-' ? 'php://stdin' : $file, FILE_IGNORE_NEW_LINES );
		if ( $lines === false ) {
			$this->fatalError( "contribs.php: cannot read $file" );
		}
		$factory = MediaWikiServices::getInstance()->getWikiPageFactory();
		$comment = CommentStoreComment::newUnsavedComment( 'bench' );
		$users = 0;
		$edits = 0;
		foreach ( $lines as $i => $line ) {
			$where = "$file:" . ( $i + 1 );
			$f = explode( "\t", $line, 3 );
			if ( count( $f ) !== 3 ) {
				$this->fatalError( "contribs.php: $where: expected USER, TITLE and TEXT" );
			}
			$user = User::newFromName( $f[0] );
			if ( !$user ) {
				$this->fatalError( "contribs.php: $where: invalid user name" );
			}
			if ( !$user->isRegistered() ) {
				$user = User::createNew( $f[0] );
				if ( !$user ) {
					$this->fatalError( "contribs.php: $where: cannot create the user" );
				}
				$users++;
			}
			if ( $f[1] === '' ) {
				continue;
			}
			$title = Title::newFromText( $f[1] );
			if ( !$title ) {
				$this->fatalError( "contribs.php: $where: invalid title" );
			}
			$text = strtr( $f[2], [ '\\n' => "\n", '\\t' => "\t", '\\\\' => '\\' ] );
			$updater = $factory->newFromTitle( $title )->newPageUpdater( $user );
			$updater->setContent( SlotRecord::MAIN,
				ContentHandler::makeContent( $text, $title ) );
			$updater->saveRevision( $comment );
			if ( !$updater->getStatus()->isOK() ) {
				$this->fatalError( "contribs.php: $where: " .
					$updater->getStatus()->getMessage( false, false, 'en' )->text() );
			}
			DeferredUpdates::doUpdates();
			$edits++;
		}
		$this->output( "contribs.php: $users users, $edits edits\n" );
		return true;
	}
}

$maintClass = WikisyncTestContribs::class;
require_once RUN_MAINTENANCE_IF_MAIN;
